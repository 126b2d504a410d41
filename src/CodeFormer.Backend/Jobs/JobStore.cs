namespace CodeFormer.Backend.Jobs;

/// <summary>
/// Job state, one record per job in an <see cref="IJobTable"/>. Every change is a read-modify-write against the
/// record's version, so concurrent stages (or duplicate deliveries) cannot overwrite each other's transitions.
/// </summary>
public sealed class JobStore(IJobTable table, TimeProvider clock)
{
    private const int MaxConcurrencyRetries = 10;

    public TimeProvider Clock => clock;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => table.EnsureCreatedAsync(cancellationToken);

    /// <summary>Records a new job; when one with the same id exists already, returns that one unchanged.</summary>
    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await table.TryAddAsync(job, cancellationToken).ConfigureAwait(false))
        {
            return job;
        }

        return await GetAsync(job.JobId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job {job.JobId} both exists and does not.");
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await table.ReadAsync(jobId, cancellationToken).ConfigureAwait(false))?.Job;

    /// <summary>
    /// Applies <paramref name="change"/> to the stored job and writes the result if the job has not changed since
    /// it was read; on a conflict it reads again and reapplies. <paramref name="change"/> returns null to leave
    /// the job as it is. Returns the job as stored afterwards, or null when there is no such job.
    /// </summary>
    public async Task<JobRecord?> UpdateAsync(string jobId, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 0; ; attempt++)
        {
            var stored = await table.ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            var current = stored.Job;
            var changed = change(current);
            if (changed is null || changed == current)
            {
                return current;
            }

            if (await table.TryReplaceAsync(changed, stored.Version, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }

            // Another writer got there first: read its version and decide again.
            if (attempt >= MaxConcurrencyRetries)
            {
                throw new JobConflictException($"Job {jobId} changed under {attempt + 1} attempts to update it; giving up for now.");
            }
        }
    }

    /// <summary>Marks the job failed with a reason, unless it is already finished (the first outcome stands).</summary>
    public Task<JobRecord?> FailAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(jobId, job => job.Fail(reason, clock.GetUtcNow()), cancellationToken);

    /// <summary>The jobs not yet done, failed or cancelled.</summary>
    public IAsyncEnumerable<JobRecord> ListUnfinishedAsync(CancellationToken cancellationToken) => table.ListUnfinishedAsync(cancellationToken);
}
