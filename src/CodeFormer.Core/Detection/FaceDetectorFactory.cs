using CodeFormer.Core.Inference;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Core.Detection;

/// <summary>Creates the detector a <see cref="DetectorKind"/> names, with the thresholds <see cref="DetectionOptions"/> override.</summary>
public static class FaceDetectorFactory
{
    /// <param name="yuNetModelPath">The YuNet model file; null looks in the default models folder (<see cref="YuNetDetector.DefaultModelPath"/>).</param>
    public static IFaceDetector Create(
        DetectorKind kind, DetectionOptions? options = null, InferenceOptions? inference = null, ILogger? logger = null, string? yuNetModelPath = null)
    {
        options ??= DetectionOptions.Default;
        return kind switch
        {
            DetectorKind.BlazeFace => BlazeFaceDetector.CreateEmbedded(
                BlazeFaceVariant.Back256, options.ThresholdsOver(BlazeFaceDetector.DefaultThresholds), inference, logger),
            DetectorKind.YuNet => new YuNetDetector(
                ModelSource.FromFile(yuNetModelPath ?? YuNetDetector.DefaultModelPath), options.ThresholdsOver(YuNetDetector.DefaultThresholds), inference, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown detector kind."),
        };
    }
}
