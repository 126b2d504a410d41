using CodeFormer.Backend.Jobs;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// All of the backend's storage in one local folder, for <c>codeformer serve --storage &lt;folder&gt;</c>:
/// <c>{folder}/{container}/{blob}</c> per container (<see cref="FolderBlobContainer"/>), <c>{folder}/{jobs table}/{jobId}.json</c>
/// per job (<see cref="FolderJobTable"/>), blob side files under <c>.properties/</c>, staged writes under <c>.tmp/</c>.
/// The locks that keep concurrent stages safe live in this process, so one process owns the folder at a time: it
/// holds an exclusive lock on <c>{folder}/.lock</c> while open, and a second one is refused.
/// </summary>
public sealed class FolderStorage : IDisposable
{
    private readonly FileStream _ownership;
    private readonly FolderBlobContainer[] _containers;

    public FolderStorage(string folder, BackendOptions options, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        string[] names = [options.UploadsContainer, options.WorkContainer, options.ResultsContainer, options.ModelsContainer, options.JobsTable];
        foreach (string name in names)
        {
            if (name.Contains('/', StringComparison.Ordinal) || FolderPaths.Problem(name) is not null)
            {
                throw new ArgumentException($"'{name}' cannot be a folder name under the storage folder.", nameof(options));
            }
        }

        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
        {
            throw new ArgumentException("The containers and the jobs table need distinct names to be folders side by side.", nameof(options));
        }

        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        Directory.CreateDirectory(Root);
        _ownership = TakeOwnership(Root);
        string temp = Path.Combine(Root, ".tmp");
        if (Directory.Exists(temp))
        {
            // Left by a process that stopped mid-write; no one else can be writing there now.
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        string properties = Path.Combine(Root, ".properties");
        _containers = names[..4].Select(name => new FolderBlobContainer(name, Path.Combine(Root, name), Path.Combine(properties, name), temp, clock)).ToArray();
        Blobs = new BlobStore(_containers[0], _containers[1], _containers[2], _containers[3]);
        Jobs = new FolderJobTable(Path.Combine(Root, options.JobsTable), temp);
    }

    /// <summary>The storage folder (a full path).</summary>
    public string Root { get; }

    public BlobStore Blobs { get; }

    public FolderJobTable Jobs { get; }

    public void Dispose()
    {
        Jobs.Dispose();
        foreach (var container in _containers)
        {
            container.Dispose();
        }

        _ownership.Dispose();
    }

    private static FileStream TakeOwnership(string root)
    {
        string path = Path.Combine(root, ".lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, a sharing lock on Windows.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The storage folder {root} is in use by another process (another codeformer serve?); one process at a time can own it.", ex);
        }
    }
}
