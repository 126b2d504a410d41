using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Core.Detection;

/// <summary>Creates the detector a <see cref="DetectorKind"/> names, with the thresholds <see cref="DetectionOptions"/> override.</summary>
public static class FaceDetectorFactory
{
    /// <param name="modelPath">The model file for YuNet and RetinaFace; null looks in the default models folder (<see cref="DetectorNames.ModelFileName"/>).</param>
    public static IFaceDetector Create(
        DetectorKind kind, DetectionOptions? options = null, InferenceOptions? inference = null, ILogger? logger = null, string? modelPath = null)
    {
        options ??= DetectionOptions.Default;
        string ModelFile() => modelPath ?? Path.Combine(ModelPaths.DefaultDirectory, DetectorNames.ModelFileName(kind)!);
        return kind switch
        {
            DetectorKind.BlazeFace => BlazeFaceDetector.CreateEmbedded(
                BlazeFaceVariant.Back256, options.ThresholdsOver(BlazeFaceDetector.DefaultThresholds), inference, logger),
            DetectorKind.YuNet => new YuNetDetector(
                ModelSource.FromFile(ModelFile()), options.ThresholdsOver(YuNetDetector.DefaultThresholds), inference, logger),
            DetectorKind.RetinaFaceResNet50 or DetectorKind.RetinaFaceMobileNet025 => new RetinaFaceDetector(
                ModelSource.FromFile(ModelFile()), options.ThresholdsOver(RetinaFaceDetector.DefaultThresholds), inference, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown detector kind."),
        };
    }
}
