namespace CodeFormer.Backend.Hosting;

/// <summary>How the in-process host runs the stages.</summary>
public sealed class InProcessHostOptions
{
    /// <summary>How often the uploads container is listed for new blobs (the blob trigger's stand-in).</summary>
    public TimeSpan UploadPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The wait before a failed delivery is offered again.</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the <see cref="Stages.JobSweeper"/> looks for jobs that made no progress (the timer trigger's stand-in).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Concurrent handlers per stage; restore defaults to one, like a GPU app capped to one call at a time.</summary>
    public int DetectConcurrency { get; set; } = 2;

    public int RestoreConcurrency { get; set; } = 1;

    public int PasteConcurrency { get; set; } = 2;
}
