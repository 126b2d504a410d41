using CodeFormer.Core.Restoration;

namespace CodeFormer.Core.Detection;

/// <summary>
/// The detector used when none is asked for, following the official default: RetinaFace ResNet-50 when its model
/// is installed in the models folder, else the embedded BlazeFace, with a line saying so and how to get the official one.
/// </summary>
public static class DefaultDetector
{
    public static (DetectorKind Kind, string Note) Choose(string? modelsDirectory = null)
    {
        string directory = modelsDirectory ?? ModelPaths.DefaultDirectory;
        string path = Path.Combine(directory, DetectorNames.ModelFileName(DetectorKind.RetinaFaceResNet50)!);
        return File.Exists(path)
            ? (DetectorKind.RetinaFaceResNet50, $"detector: {DetectorNames.RetinaFaceResNet50} ({path}), the official default")
            : (DetectorKind.BlazeFace, $"detector: {DetectorNames.BlazeFace} (embedded); the official {DetectorNames.RetinaFaceResNet50} is not installed in {directory}: `codeformer models fetch retinaface-resnet50` gets it");
    }
}
