using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.StaticFiles;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// A blob container as a folder: blob <c>a/b.png</c> is the file <c>{folder}/a/b.png</c>, and each blob this store
/// writes has a side file <c>{properties}/a/b.png.json</c> with its ETag, content type and metadata
/// (<see cref="FolderBlobProperties"/>). Writes are atomic (<see cref="AtomicFile"/>; the side file goes first, the
/// data last), and within this process a per-name lock makes every read and listing see the data and the properties
/// of one and the same write.
/// <para>
/// Files put into the folder by other means (copied in, saved by an editor) are blobs too: their ETag comes from their
/// length and last-write time, their content type from their extension, and a listing shows them only once nothing
/// has written to them for <see cref="SettleTime"/>, so a file still being copied is not picked up half done. Hidden
/// files (names starting with '.'), symbolic links and names <see cref="FolderPaths"/> refuses are not listed.
/// </para>
/// </summary>
public sealed class FolderBlobContainer : IBlobContainer, IDisposable
{
    /// <summary>How long a file the store did not write must stay unchanged before a listing shows it.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private static readonly FileExtensionContentTypeProvider s_contentTypes = new();
    private static readonly EnumerationOptions s_walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    private readonly string _folder;
    private readonly string _properties;
    private readonly string _temp;
    private readonly TimeProvider _clock;
    private readonly KeyedLocks _locks = new();
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, string ETag)> _listed = new(StringComparer.Ordinal);

    /// <param name="name">The container's name.</param>
    /// <param name="folder">Where its blobs are (a full path).</param>
    /// <param name="properties">Where their side files are (a full path).</param>
    /// <param name="temp">Where writes are staged: a folder on the same file system.</param>
    /// <param name="clock">The clock file ages are measured against.</param>
    public FolderBlobContainer(string name, string folder, string properties, string temp, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        _properties = Path.TrimEndingDirectorySeparator(Path.GetFullPath(properties));
        _temp = Path.GetFullPath(temp);
        _clock = clock;
    }

    public string Name { get; }

    /// <summary>The folder holding the blobs.</summary>
    public string Folder => _folder;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_properties);
        Directory.CreateDirectory(_temp);
        return Task.CompletedTask;
    }

    public async Task<StoredBlob?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return null;
        }

        await using (opened.Value.Stream.ConfigureAwait(false))
        {
            var content = new byte[opened.Value.Stamp.Length];
            await opened.Value.Stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            var (eTag, contentType, metadata) = opened.Value.Properties;
            return new StoredBlob(name, BinaryData.FromBytes(content), eTag, contentType, metadata);
        }
    }

    public async Task<OpenedBlob?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        return opened is { } o ? new OpenedBlob(o.Stream, o.Properties.ETag, o.Properties.ContentType, o.Stamp.Length) : null;
    }

    public async Task<string> WriteAsync(string name, BinaryData content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = FolderPaths.Resolve(_folder, name);
        string sidePath = FolderPaths.Resolve(_properties, name, ".json");
        string temp = await AtomicFile.WriteTempAsync(_temp, content.ToMemory(), cancellationToken).ConfigureAwait(false);
        try
        {
            var stamp = FileStamp.Of(temp);
            string eTag = $"\"{Guid.NewGuid():N}\"";
            var properties = new FolderBlobProperties(
                eTag,
                contentType,
                new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
                stamp.Length,
                stamp.LastWriteTicks);
            using (await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false))
            {
                // Side file first: until the data is renamed in, it describes no file there and is ignored.
                await AtomicFile.WriteAsync(sidePath, properties.ToJson(), _temp, CancellationToken.None).ConfigureAwait(false);
                AtomicFile.Publish(temp, path);
            }

            return eTag;
        }
        finally
        {
            File.Delete(temp); // gone already when published
        }
    }

    public async IAsyncEnumerable<ListedBlob> ListAsync(string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

        var files = new FileSystemEnumerable<(string Path, FileStamp Stamp)>(
            _folder,
            (ref FileSystemEntry entry) => (entry.ToFullPath(), new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcTicks)),
            s_walk)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
        };
        var found = new List<(string Name, FileStamp Stamp)>();
        foreach (var (path, stamp) in files)
        {
            if (FolderPaths.NameOf(_folder, path) is { } name && (prefix is null || name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                found.Add((name, stamp));
            }
        }

        if (prefix is null)
        {
            foreach (string gone in _listed.Keys.Except(found.Select(f => f.Name)).ToArray())
            {
                _listed.TryRemove(gone, out _);
            }
        }

        foreach (var (name, stamp) in found.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? eTag = _listed.TryGetValue(name, out var known) && known.Stamp == stamp
                ? known.ETag
                : await ListedETagAsync(name, cancellationToken).ConfigureAwait(false);
            if (eTag is not null)
            {
                yield return new ListedBlob(name, eTag);
            }
        }
    }

    public Task<Uri?> TryCreateReadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    public void Dispose() => _locks.Dispose();

    /// <summary>The ETag a listing gives a file; null while a file the store did not write has not settled.</summary>
    private async Task<string?> ListedETagAsync(string name, CancellationToken cancellationToken)
    {
        string path = FolderPaths.Resolve(_folder, name);
        using (await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false))
        {
            FileStamp stamp;
            try
            {
                stamp = FileStamp.Of(path);
            }
            catch (FileNotFoundException)
            {
                return null;
            }

            var properties = await FolderBlobProperties.ReadAsync(FolderPaths.Resolve(_properties, name, ".json"), cancellationToken).ConfigureAwait(false);
            if (properties is null || !properties.Describes(stamp))
            {
                if (_clock.GetUtcNow().UtcTicks - stamp.LastWriteTicks < SettleTime.Ticks)
                {
                    return null;
                }

                properties = null;
            }

            string eTag = properties?.ETag ?? stamp.ETag;
            _listed[name] = (stamp, eTag);
            return eTag;
        }
    }

    /// <summary>Opens a blob's data file and pairs it with its properties (under the name's lock, so both are of one write).</summary>
    private async Task<(FileStream Stream, FileStamp Stamp, (string ETag, string ContentType, IDictionary<string, string> Metadata) Properties)?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        string path = FolderPaths.Resolve(_folder, name);
        string sidePath = FolderPaths.Resolve(_properties, name, ".json");
        using (await _locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (Directory.Exists(path))
            {
                return null; // a "folder" of blobs, not a blob
            }

            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            try
            {
                var stamp = FileStamp.Of(stream.SafeFileHandle);
                var properties = await FolderBlobProperties.ReadAsync(sidePath, cancellationToken).ConfigureAwait(false);
                return properties is not null && properties.Describes(stamp)
                    ? (stream, stamp, (properties.ETag, properties.ContentType, properties.Metadata))
                    : (stream, stamp, (stamp.ETag, ContentTypeOf(name), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static string ContentTypeOf(string name) =>
        s_contentTypes.TryGetContentType(name, out string? contentType) ? contentType : "application/octet-stream";
}
