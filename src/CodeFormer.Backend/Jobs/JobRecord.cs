using System.Text.Json.Serialization;

namespace CodeFormer.Backend.Jobs;

/// <summary>
/// The state of one job as the job store keeps it, with the time each stage finished, and the only place its
/// state changes: each transition returns the job after the move, or null when the move is not allowed from where
/// the job stands (a duplicate or late delivery), which <see cref="JobStore.UpdateAsync"/> takes as "leave it".
/// </summary>
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

    /// <summary>When the job failed or was cancelled.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>When the sweeper last resumed the job after it made no progress; null if it never had to.</summary>
    public DateTimeOffset? ResumedAt { get; init; }

    /// <summary>How many times the sweeper has resumed the job.</summary>
    public int Resumes { get; init; }

    /// <summary>Faces found by detection; null until the detect stage has run.</summary>
    public int? FacesFound { get; init; }

    /// <summary>Why the job failed or was cancelled; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>The final image's blob name in the results container, once done.</summary>
    public string? ResultName { get; init; }

    /// <summary>The JSON report's blob name in the results container, once done.</summary>
    public string? ReportName { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>The last time the job moved forward (or was resumed): what the sweeper measures "no progress" from.</summary>
    [JsonIgnore]
    public DateTimeOffset LastProgressAt => new[] { CreatedAt, DetectedAt ?? CreatedAt, RestoredAt ?? CreatedAt, ResumedAt ?? CreatedAt }.Max();

    /// <summary>Queued → detected, with the number of faces found.</summary>
    public JobRecord? MarkDetected(int facesFound, DateTimeOffset at) => Status == JobStatus.Queued
        ? this with { Status = JobStatus.Detected, DetectedAt = at, FacesFound = facesFound }
        : null;

    /// <summary>Detected (with faces) → restored.</summary>
    public JobRecord? MarkRestored(DateTimeOffset at) => Status == JobStatus.Detected && FacesFound > 0
        ? this with { Status = JobStatus.Restored, RestoredAt = at }
        : null;

    /// <summary>Restored, or detected with no face (there was nothing to restore): what paste-back starts from.</summary>
    [JsonIgnore]
    public bool IsReadyToPaste => Status == JobStatus.Restored || (Status == JobStatus.Detected && FacesFound == 0);

    /// <summary>Restored → done, or detected → done when detection found no face.</summary>
    public JobRecord? MarkDone(string resultName, string reportName, DateTimeOffset at) => IsReadyToPaste
        ? this with { Status = JobStatus.Done, DoneAt = at, ResultName = resultName, ReportName = reportName }
        : null;

    /// <summary>Any unfinished state → failed with a reason; a finished job keeps its first outcome.</summary>
    public JobRecord? Fail(string reason, DateTimeOffset at) => IsFinished
        ? null
        : this with { Status = JobStatus.Failed, Error = reason, FailedAt = at };

    /// <summary>Any unfinished state → cancelled with a reason (the upload was withdrawn); a finished job keeps its outcome.</summary>
    public JobRecord? Cancel(string reason, DateTimeOffset at) => IsFinished
        ? null
        : this with { Status = JobStatus.Cancelled, Error = reason, FailedAt = at };

    /// <summary>Any unfinished state stays where it is, counted as resumed now (the sweeper handed it on again).</summary>
    public JobRecord? MarkResumed(DateTimeOffset at) => IsFinished
        ? null
        : this with { ResumedAt = at, Resumes = Resumes + 1 };
}
