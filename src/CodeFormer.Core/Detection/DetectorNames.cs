using CodeFormer.Core.Restoration;

namespace CodeFormer.Core.Detection;

/// <summary>
/// The detectors' names as the official <c>--detection_model</c> flag spells them (where it has them), and the
/// model files RetinaFace loads from the models folder.
/// </summary>
public static class DetectorNames
{
    public const string RetinaFaceResNet50 = "retinaface_resnet50";
    public const string RetinaFaceMobileNet025 = "retinaface_mobile0.25";
    public const string YuNet = "yunet";
    public const string BlazeFace = "blazeface";

    public static IReadOnlyList<string> All { get; } = [RetinaFaceResNet50, RetinaFaceMobileNet025, YuNet, BlazeFace];

    public static DetectorKind Parse(string name) => name switch
    {
        RetinaFaceResNet50 => DetectorKind.RetinaFaceResNet50,
        RetinaFaceMobileNet025 => DetectorKind.RetinaFaceMobileNet025,
        YuNet => DetectorKind.YuNet,
        BlazeFace => DetectorKind.BlazeFace,
        _ => throw new ArgumentException($"Unknown detector '{name}'; expected one of {string.Join(", ", All)}.", nameof(name)),
    };

    public static string Of(DetectorKind kind) => kind switch
    {
        DetectorKind.RetinaFaceResNet50 => RetinaFaceResNet50,
        DetectorKind.RetinaFaceMobileNet025 => RetinaFaceMobileNet025,
        DetectorKind.YuNet => YuNet,
        DetectorKind.BlazeFace => BlazeFace,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown detector kind."),
    };

    /// <summary>The model file a RetinaFace kind loads when none is named (<c>models fetch</c> writes it there), or null for the others.</summary>
    public static string? ModelFileName(DetectorKind kind) => kind switch
    {
        DetectorKind.RetinaFaceResNet50 => ModelPaths.RetinaFaceResNet50 + ".onnx",
        DetectorKind.RetinaFaceMobileNet025 => ModelPaths.RetinaFaceMobileNet025 + ".onnx",
        DetectorKind.YuNet => YuNetDetector.DefaultModelFileName,
        _ => null,
    };
}
