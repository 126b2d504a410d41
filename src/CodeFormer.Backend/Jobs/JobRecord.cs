using System.Text.Json.Serialization;

namespace CodeFormer.Backend.Jobs;

/// <summary>The state of one job as the job store keeps it, with the time each stage finished.</summary>
/// <param name="JobId">The job's id (32 lowercase hex digits).</param>
/// <param name="UploadName">The upload's blob name in the uploads container.</param>
/// <param name="Status">Where the job stands.</param>
/// <param name="Options">What the caller asked for.</param>
/// <param name="CreatedAt">When the job was recorded.</param>
public sealed record JobRecord(string JobId, string UploadName, JobStatus Status, JobOptions Options, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? DetectedAt { get; init; }

    public DateTimeOffset? RestoredAt { get; init; }

    public DateTimeOffset? DoneAt { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>Faces found by detection; null until the detect stage has run.</summary>
    public int? FacesFound { get; init; }

    /// <summary>Why the job failed; null unless <see cref="Status"/> is <see cref="JobStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The final image's blob name in the results container, once done.</summary>
    public string? ResultName { get; init; }

    /// <summary>The JSON report's blob name in the results container, once done.</summary>
    public string? ReportName { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Done or JobStatus.Failed;

    public JobRecord Fail(string reason, DateTimeOffset at) => this with { Status = JobStatus.Failed, Error = reason, FailedAt = at };
}
