namespace CodeFormer.Backend.Jobs;

/// <summary>The encoding of a job's final image.</summary>
public enum ResultFormat
{
    Png,
    Jpg,
    Webp,
}
