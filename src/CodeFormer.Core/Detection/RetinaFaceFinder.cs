using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>
/// The official helper's <c>get_face_landmarks_5(resize=640)</c> around <see cref="RetinaFaceDetector"/>:
/// scale = 640 / short side, the copy's size truncated, bilinear when enlarging (area average when shrinking),
/// detection, then <see cref="RetinaFaceLandmarks.ToFaces"/> (÷ scale, the eye-distance filter, one face
/// when asked). Does not own the detector.
/// </summary>
public sealed class RetinaFaceFinder
{
    private readonly RetinaFaceDetector _detector;

    public RetinaFaceFinder(RetinaFaceDetector detector, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        Options = options ?? DetectionOptions.Default;
    }

    public DetectionOptions Options { get; }

    public IReadOnlyList<DetectedFace> Find(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height, scale) = DetectionSize(image.Width, image.Height, Options.DetectionShortSide);
        var copy = width == image.Width && height == image.Height ? image
            : scale < 1 ? DetectionImageResizer.Resize(image, width, height)
            : BilinearResize.Resize(image, width, height);
        var rows = _detector.DetectRows(copy);
        return RetinaFaceLandmarks.ToFaces(rows, (float)scale, image.Width, image.Height, Options.EyeDistanceThreshold, Options.OnlyCenterFace, Options.LargestFace);
    }

    /// <summary>
    /// The official size: scale = short side target / short side (double), each side times scale truncated
    /// (int()), so a few short sides come out 639. The long side is capped at
    /// <see cref="FaceFinder.MaxDetectionLongSide"/> (the official code has no cap; only strips over 6.4:1 reach it).
    /// </summary>
    public static (int Width, int Height, double Scale) DetectionSize(int width, int height, int? shortSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (shortSide is not int side)
        {
            return (width, height, 1.0);
        }

        double scale = (double)side / Math.Min(width, height);
        scale = Math.Min(scale, (double)FaceFinder.MaxDetectionLongSide / Math.Max(width, height));
        return (Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)), scale);
    }
}
