namespace CodeFormer.Backend.Jobs;

/// <summary>
/// Where <see cref="JobStore"/> keeps its jobs: one record per job id with an opaque version that every write
/// changes, and writes that succeed only against the version they were decided on. The state machine (create or
/// get, read-modify-write with retries, the first outcome stands) lives in <see cref="JobStore"/>, once.
/// Implemented over an Azure Table (<see cref="TableJobTable"/>) and over a folder of JSON files (<see cref="FolderJobTable"/>).
/// </summary>
public interface IJobTable
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>The stored job and its version; null when there is no such job.</summary>
    Task<VersionedJob?> ReadAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Stores a new job; false (and nothing written) when one with its id exists already.</summary>
    Task<bool> TryAddAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary>Replaces the stored job; false (and nothing written) when its version is no longer <paramref name="version"/>.</summary>
    Task<bool> TryReplaceAsync(JobRecord job, string version, CancellationToken cancellationToken);

    /// <summary>The jobs that are not finished (queued, detected or restored), for the sweeper.</summary>
    IAsyncEnumerable<JobRecord> ListUnfinishedAsync(CancellationToken cancellationToken);
}
