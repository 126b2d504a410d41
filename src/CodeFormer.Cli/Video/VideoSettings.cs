namespace CodeFormer.Cli.Video;

/// <summary>The video-only part of a `restore` invocation.</summary>
/// <param name="OutputFramesPerSecond">Null keeps the source's rate; otherwise the same frames play at this rate.</param>
/// <param name="Crf">H.264 constant rate factor: 0 lossless … 51 worst; 18 is visually near-lossless.</param>
/// <param name="Smooth">Track faces and smooth their landmarks over time (off: every frame on its own, as the official script).</param>
/// <param name="Ffmpeg">The ffmpeg executable; null: CODEFORMER_FFMPEG, then PATH.</param>
internal sealed record VideoSettings(double? OutputFramesPerSecond, int Crf, bool Smooth, string? Ffmpeg)
{
    public static readonly string[] Extensions = [".mp4", ".mov", ".avi", ".mkv", ".webm"];

    public static VideoSettings Default { get; } = new(null, 18, true, null);

    public static bool IsVideo(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
