using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeFormer.Backend.Storage;

namespace CodeFormer.Backend.Jobs;

/// <summary>
/// Jobs as JSON files in a folder, <c>{folder}/{jobId}.json</c>, each holding the job and a version number that
/// every write increments. A write goes to a temporary file that is then renamed over the job's file, so a reader
/// sees one whole version or the next. A conditional write compares the stored version and replaces the file while
/// holding the job's lock, so of N concurrent transitions from one version exactly one lands.
/// <para>
/// The locks belong to this process: two processes writing one folder would not be serialised against each other.
/// <see cref="FolderStorage"/> therefore lets one process own the folder at a time.
/// </para>
/// </summary>
public sealed class FolderJobTable : IJobTable, IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    private readonly string _folder;
    private readonly string _temp;
    private readonly KeyedLocks _locks = new();

    /// <param name="folder">Where the job files are.</param>
    /// <param name="temp">Where writes are staged: a folder on the same file system.</param>
    public FolderJobTable(string folder, string temp)
    {
        _folder = Path.GetFullPath(folder);
        _temp = Path.GetFullPath(temp);
    }

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_temp);
        return Task.CompletedTask;
    }

    public async Task<VersionedJob?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(jobId))
        {
            return null; // no job under such an id can have been stored
        }

        var file = await ReadFileAsync(jobId, cancellationToken).ConfigureAwait(false);
        return file is null ? null : new VersionedJob(file.Job, file.Version.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<bool> TryAddAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        string path = PathOf(job.JobId);
        using (await _locks.AcquireAsync(job.JobId, cancellationToken).ConfigureAwait(false))
        {
            if (File.Exists(path))
            {
                return false;
            }

            await WriteFileAsync(path, new JobFile(1, job), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<bool> TryReplaceAsync(JobRecord job, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        string path = PathOf(job.JobId);
        using (await _locks.AcquireAsync(job.JobId, cancellationToken).ConfigureAwait(false))
        {
            var stored = await ReadFileAsync(job.JobId, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Version.ToString(CultureInfo.InvariantCulture) != version)
            {
                return false;
            }

            await WriteFileAsync(path, new JobFile(stored.Version + 1, job), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async IAsyncEnumerable<JobRecord> ListUnfinishedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_folder))
        {
            yield break;
        }

        foreach (string path in Directory.EnumerateFiles(_folder, "*.json"))
        {
            string jobId = Path.GetFileNameWithoutExtension(path);
            if (!JobIds.IsValid(jobId))
            {
                continue;
            }

            var file = await ReadFileAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (file is { Job.IsFinished: false })
            {
                yield return file.Job;
            }
        }
    }

    public void Dispose() => _locks.Dispose();

    /// <summary>The job's file; ids are 32 hex digits, so no id can name a path outside the folder.</summary>
    private string PathOf(string jobId) => JobIds.IsValid(jobId)
        ? Path.Combine(_folder, jobId + ".json")
        : throw new ArgumentException($"'{jobId}' is not a job id (32 lowercase hex digits).", nameof(jobId));

    private async Task<JobFile?> ReadFileAsync(string jobId, CancellationToken cancellationToken)
    {
        string path = PathOf(jobId);
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<JobFile>(json, s_json);
            return file is { Job.JobId: var id } && id == jobId ? file : throw new InvalidDataException($"Job file {path} does not hold job {jobId}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Job file {path} is unreadable: {ex.Message}", ex);
        }
    }

    private Task WriteFileAsync(string path, JobFile file, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(file, s_json), _temp, cancellationToken);

    private sealed record JobFile(long Version, JobRecord Job);
}
