using System.Net;
using Azure;
using Azure.Data.Tables;

namespace CodeFormer.Backend.Jobs;

/// <summary>Jobs in one Azure Table: one row per job (partition = job id), versions are the rows' ETags.</summary>
public sealed class TableJobTable(TableClient table) : IJobTable
{
    private const string RowKey = "job";

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<VersionedJob?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(jobId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? new VersionedJob(ToRecord(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryAddAsync(JobRecord job, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(From(job), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(JobRecord job, string version, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(From(job), new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<JobRecord> ListUnfinishedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string filter = $"Status eq '{JobStatus.Queued}' or Status eq '{JobStatus.Detected}' or Status eq '{JobStatus.Restored}'";
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(entity);
        }
    }

    /// <summary>The row layout: one column per field, options flattened, enums as their names.</summary>
    private static TableEntity From(JobRecord job) => new(job.JobId, RowKey)
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
        ["ResumedAt"] = job.ResumedAt,
        ["Resumes"] = job.Resumes,
        ["FacesFound"] = job.FacesFound,
        ["Error"] = job.Error,
        ["ResultName"] = job.ResultName,
        ["ReportName"] = job.ReportName,
    };

    private static JobRecord ToRecord(TableEntity e)
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
            ResumedAt = e.GetDateTimeOffset("ResumedAt"),
            Resumes = e.GetInt32("Resumes") ?? 0,
            FacesFound = e.GetInt32("FacesFound"),
            Error = e.GetString("Error"),
            ResultName = e.GetString("ResultName"),
            ReportName = e.GetString("ReportName"),
        };
    }
}
