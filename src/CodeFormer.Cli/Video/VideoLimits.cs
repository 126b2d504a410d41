namespace CodeFormer.Cli.Video;

/// <summary>What a video may be before any frame is decoded: larger or longer ones are refused with the reason.</summary>
internal sealed record VideoLimits(int MaxSide, long MaxPixels, double MaxSeconds, double MaxFramesPerSecond)
{
    /// <summary>Up to 4K UHD (4096 × 2160), one hour, 240 frames/s.</summary>
    public static VideoLimits Default { get; } = new(4096, 4096L * 2160, 3600, 240);
}
