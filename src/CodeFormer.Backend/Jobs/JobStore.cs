using System.Net;
using Azure;
using Azure.Data.Tables;

namespace CodeFormer.Backend.Jobs;

/// <summary>
/// Job state in one Azure Table (one row per job, partition = job id). Every change is a read-modify-write under
/// the row's ETag, so concurrent stages (or duplicate deliveries) cannot overwrite each other's transitions.
/// </summary>
public sealed class JobStore(TableClient table, TimeProvider clock)
{
    private const string RowKey = "job";
    private const int MaxConcurrencyRetries = 10;

    public TimeProvider Clock => clock;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Records a new job; when one with the same id exists already, returns that one unchanged.</summary>
    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await table.AddEntityAsync(JobEntity.From(job), cancellationToken).ConfigureAwait(false);
            return job;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return await GetAsync(job.JobId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Job {job.JobId} both exists and does not.", ex);
        }
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : JobEntity.ToRecord(row);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored job and writes the result if the row has not changed since
    /// it was read; on a conflict it reads again and reapplies. <paramref name="change"/> returns null to leave
    /// the job as it is. Returns the job as stored afterwards, or null when there is no such job.
    /// </summary>
    public async Task<JobRecord?> UpdateAsync(string jobId, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 0; ; attempt++)
        {
            var row = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            var current = JobEntity.ToRecord(row);
            var changed = change(current);
            if (changed is null || changed == current)
            {
                return current;
            }

            try
            {
                await table.UpdateEntityAsync(JobEntity.From(changed), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxConcurrencyRetries)
            {
                // Another writer got there first: read its version and decide again.
            }
        }
    }

    /// <summary>Marks the job failed with a reason, unless it is already finished (the first outcome stands).</summary>
    public Task<JobRecord?> FailAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(jobId, job => job.IsFinished ? null : job.Fail(reason, clock.GetUtcNow()), cancellationToken);

    private async Task<TableEntity?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(jobId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The row layout: one column per field, options flattened, enums as their names.</summary>
    private static class JobEntity
    {
        public static TableEntity From(JobRecord job) => new(job.JobId, RowKey)
        {
            ["UploadName"] = job.UploadName,
            ["Status"] = job.Status.ToString(),
            ["Fidelity"] = job.Options.Fidelity,
            ["Upscale"] = job.Options.Upscale,
            ["OnlyCenterFace"] = job.Options.OnlyCenterFace,
            ["HasAligned"] = job.Options.HasAligned,
            ["Format"] = job.Options.Format.ToString(),
            ["CreatedAt"] = job.CreatedAt,
            ["DetectedAt"] = job.DetectedAt,
            ["RestoredAt"] = job.RestoredAt,
            ["DoneAt"] = job.DoneAt,
            ["FailedAt"] = job.FailedAt,
            ["FacesFound"] = job.FacesFound,
            ["Error"] = job.Error,
            ["ResultName"] = job.ResultName,
            ["ReportName"] = job.ReportName,
        };

        public static JobRecord ToRecord(TableEntity e)
        {
            var options = new JobOptions(
                e.GetDouble("Fidelity") ?? JobOptions.DefaultFidelity,
                e.GetInt32("Upscale") ?? JobOptions.DefaultUpscale,
                e.GetBoolean("OnlyCenterFace") ?? false,
                e.GetBoolean("HasAligned") ?? false,
                Enum.Parse<ResultFormat>(e.GetString("Format") ?? nameof(ResultFormat.Png)));
            return new JobRecord(e.PartitionKey, e.GetString("UploadName") ?? "", Enum.Parse<JobStatus>(e.GetString("Status")), options, e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue)
            {
                DetectedAt = e.GetDateTimeOffset("DetectedAt"),
                RestoredAt = e.GetDateTimeOffset("RestoredAt"),
                DoneAt = e.GetDateTimeOffset("DoneAt"),
                FailedAt = e.GetDateTimeOffset("FailedAt"),
                FacesFound = e.GetInt32("FacesFound"),
                Error = e.GetString("Error"),
                ResultName = e.GetString("ResultName"),
                ReportName = e.GetString("ReportName"),
            };
        }
    }
}
