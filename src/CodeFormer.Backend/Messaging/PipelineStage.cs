namespace CodeFormer.Backend.Messaging;

/// <summary>The three stages a job passes through, in order.</summary>
public enum PipelineStage
{
    Detect,
    Restore,
    Paste,
}
