using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>Finds faces in an image: boxes, confidence and landmarks, all in that image's pixels.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>The faces found, highest score first. Safe to call from several threads at once.</summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage image);
}
