namespace CodeFormer.Backend.Jobs;

/// <summary>Where a job stands: queued → detected → restored → done, or failed with a reason at any point.</summary>
public enum JobStatus
{
    Queued,
    Detected,
    Restored,
    Done,
    Failed,
}
