using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Finds faces in an image: boxes, confidence and landmarks, all in that image's pixels with OpenCV's
/// convention (the centre of pixel (i, j) is at (i, j)), which alignment's warp uses too.
/// </summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>The faces found, highest score first. Safe to call from several threads at once.</summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage image);

    /// <summary>
    /// The faces found down to <paramref name="smallestEyeDistance"/> pixels between the eyes at any image size
    /// (detectors that look through tiles add finer ones as needed); by default what <see cref="Detect(RgbImage)"/> finds.
    /// </summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage image, double smallestEyeDistance) => Detect(image);
}
