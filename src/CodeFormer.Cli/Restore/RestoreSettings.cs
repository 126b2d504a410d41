using CodeFormer.Cli.Video;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;

namespace CodeFormer.Cli.Restore;

/// <summary>Everything one `restore` invocation was asked to do.</summary>
/// <param name="Detector">The detector asked for; null chooses the official default when installed (<see cref="DefaultDetector"/>).</param>
/// <param name="ParseModel">The ParseNet file; null uses the models folder's when installed.</param>
/// <param name="NoParse">Skip the parse masks even when ParseNet is installed.</param>
internal sealed record RestoreSettings(
    string Input,
    string OutputDirectory,
    RestoreOptions Options,
    DetectorKind? Detector,
    string? DetectorModel,
    string? ParseModel,
    bool NoParse,
    string ModelPath,
    ExecutionDevice Device,
    OutputFormat Format,
    string? LandmarksFile,
    VideoSettings? Video = null);
