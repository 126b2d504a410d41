using CodeFormer.Core.Pipeline;

namespace CodeFormer.Cli.Video;

/// <summary>report.json of a video run: the source, the output, per-segment timings, faces per frame and jitter.</summary>
internal sealed record VideoReport(
    string Input,
    string Output,
    int InputWidth,
    int InputHeight,
    int OutputWidth,
    int OutputHeight,
    string FrameRate,
    string OutputFrameRate,
    long Frames,
    string Audio,
    double Fidelity,
    int Upscale,
    bool Smooth,
    int NetworkBatch,
    double WallSeconds,
    double FramesPerSecond,
    JitterReport Jitter,
    IReadOnlyList<SegmentReport> Segments,
    IReadOnlyList<FrameReport> FrameFaces);

/// <summary>Mean frame-to-frame landmark movement of the same face: detected vs used for alignment.</summary>
internal sealed record JitterReport(int Samples, double DetectedPx, double UsedPx, double DetectedPercentOfEyeDistance, double UsedPercentOfEyeDistance);

/// <summary>A run of consecutive frames (about two seconds) and the time each stage spent on it, in ms.</summary>
internal sealed record SegmentReport(int Index, long FirstFrame, int Frames, int Faces, StageTimings Timings, double WallMs);

/// <summary>The faces restored in one frame: each with its track (the same id is the same face over frames).</summary>
internal sealed record FrameReport(long Frame, IReadOnlyList<FrameFaceReport> Faces);

/// <summary>One restored face: its track and detected box [x1, y1, x2, y2] in input pixels.</summary>
internal sealed record FrameFaceReport(int Track, double[] Box);
