namespace CodeFormer.Cli.Video;

/// <summary>What ffprobe says of a video, as decoded frames will come: width and height after rotation.</summary>
internal sealed record VideoInfo(
    string Path,
    string Container,
    string VideoCodec,
    int Width,
    int Height,
    string FrameRate,
    double FramesPerSecond,
    double DurationSeconds,
    long ExpectedFrames,
    IReadOnlyList<string> AudioCodecs);
