using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;

namespace CodeFormer.Cli.Restore;

/// <summary>Everything one `restore` invocation was asked to do.</summary>
internal sealed record RestoreSettings(
    string Input,
    string OutputDirectory,
    RestoreOptions Options,
    DetectorKind Detector,
    string? DetectorModel,
    string ModelPath,
    ExecutionDevice Device,
    OutputFormat Format,
    string? LandmarksFile,
    string? MaskFile = null,
    string? BackgroundModel = null);
