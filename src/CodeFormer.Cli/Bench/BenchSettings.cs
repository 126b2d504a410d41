using CodeFormer.Core.Detection;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// What `bench` measures: photos through every stage, per model, plus the golden align+paste case; or, with
/// <see cref="Serve"/> ("folder" or a storage connection string), the end-to-end latency through `serve`; or, with
/// <see cref="DetectionScaling"/> (a photo), detection on 12–48 MP mosaics of it with <see cref="Detector"/>.
/// </summary>
internal sealed record BenchSettings(
    string Photos,
    string? GoldenCase,
    IReadOnlyList<string> Models,
    bool BuildFullSize,
    int Runs,
    int Upscale,
    string? JsonOutput,
    string? Serve,
    string? DetectionScaling = null,
    DetectorKind Detector = DetectorKind.BlazeFace,
    string? DetectorModel = null);
