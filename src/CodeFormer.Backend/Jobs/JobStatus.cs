namespace CodeFormer.Backend.Jobs;

/// <summary>
/// Where a job stands: queued → detected → restored → done, or failed with a reason at any point, or cancelled when
/// its upload was withdrawn. The moves between them are the transitions on <see cref="JobRecord"/>.
/// </summary>
public enum JobStatus
{
    Queued,
    Detected,
    Restored,
    Done,
    Failed,
    Cancelled,
}
