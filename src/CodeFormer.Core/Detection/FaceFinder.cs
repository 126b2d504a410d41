using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Detection;

/// <summary>
/// The official helper's detection step over any <see cref="IFaceDetector"/>: detect on the image itself, or on a
/// copy enlarged to a fixed short side when it is smaller (the official helper never shrinks), asking the detector
/// for faces down to <see cref="DetectionOptions.MinEyeDistance"/>; map the faces back to the given image, drop faces whose eyes are too close, optionally
/// keep only the largest or the most central face, best score first. Does not own the detector.
/// </summary>
public sealed class FaceFinder
{
    private readonly IFaceDetector _detector;

    public FaceFinder(IFaceDetector detector, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        Options = options ?? DetectionOptions.Default;
    }

    public DetectionOptions Options { get; }

    public IReadOnlyList<DetectedFace> Find(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = DetectionSize(image.Width, image.Height, Options.DetectionShortSide);
        var working = width == image.Width && height == image.Height ? image : DetectionImageResizer.Resize(image, width, height);
        double scaleX = (double)image.Width / width, scaleY = (double)image.Height / height;
        double smallestEyeDistance = Options.MinEyeDistance / Math.Max(scaleX, scaleY);
        var faces = _detector.Detect(working, smallestEyeDistance).Select(face => Rescale(face, scaleX, scaleY));
        return Select(faces, image.Width, image.Height, Options);
    }

    /// <summary>
    /// An enlarged copy's long side never exceeds this: a 640 short side on a 100 000 × 100 strip would otherwise
    /// ask for a 1.2 GB copy. Ordinary photos (aspect under 6:1) never reach it.
    /// </summary>
    public const int MaxDetectionLongSide = 4096;

    /// <summary>
    /// The size detection runs at: a short side under <paramref name="shortSide"/> is enlarged to it (the aspect
    /// kept, an enlarged long side capped); a larger image is used as it is, as in the official helper
    /// (<c>scale = max(1, resize / min(h, w))</c>). Shrinking would lose the small faces of large photos.
    /// </summary>
    public static (int Width, int Height) DetectionSize(int width, int height, int? shortSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (shortSide is not int side)
        {
            return (width, height);
        }

        double scale = Math.Min((double)side / Math.Min(width, height), (double)MaxDetectionLongSide / Math.Max(width, height));
        if (scale <= 1)
        {
            return (width, height);
        }

        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>The filtering and choice applied to faces already in the image's pixels (pure; the testable half of <see cref="Find"/>).</summary>
    public static IReadOnlyList<DetectedFace> Select(IEnumerable<DetectedFace> faces, int imageWidth, int imageHeight, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(options);
        var kept = faces
            .Where(f => options.ScoreThreshold is not float min || f.Score >= min)
            .Where(f => f.Landmarks.EyeDistance >= options.EyeDistanceThreshold)
            .OrderByDescending(f => f.Score)
            .ToList();
        if (kept.Count <= 1)
        {
            return kept;
        }

        if (options.LargestFace)
        {
            return [kept.MaxBy(f => ClippedArea(f.Box, imageWidth, imageHeight))!];
        }

        if (options.OnlyCenterFace)
        {
            var centre = new Point2(imageWidth / 2.0, imageHeight / 2.0);
            return [kept.MinBy(f => f.Box.Centre.DistanceTo(centre))!];
        }

        return kept;
    }

    private static double ClippedArea(FaceBox box, int width, int height)
    {
        double w = Math.Clamp(box.Right, 0, width) - Math.Clamp(box.Left, 0, width);
        double h = Math.Clamp(box.Bottom, 0, height) - Math.Clamp(box.Top, 0, height);
        return Math.Max(0, w) * Math.Max(0, h);
    }

    /// <summary>From the detection copy's pixels to the image's, pixel centres at integers in both (the copy's edges are the image's).</summary>
    private static DetectedFace Rescale(DetectedFace face, double scaleX, double scaleY)
    {
        double X(double x) => ((x + 0.5) * scaleX) - 0.5;
        double Y(double y) => ((y + 0.5) * scaleY) - 0.5;
        var box = new FaceBox(X(face.Box.Left), Y(face.Box.Top), X(face.Box.Right), Y(face.Box.Bottom));
        var points = face.Landmarks.Points.Select(p => new Point2(X(p.X), Y(p.Y))).ToArray();
        return new DetectedFace(box, face.Score, new FaceLandmarks(face.Landmarks.Layout, points));
    }
}
