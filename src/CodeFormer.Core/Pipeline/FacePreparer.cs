using System.Diagnostics;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// Stage ①–②: the working image, the grayscale check, faces (detected, or given by the caller) and their
/// aligned crops. With <see cref="RestoreOptions.HasAligned"/> the input itself (at 512×512) is the one crop.
/// The detector may be null for callers whose requests always bring their faces. A <see cref="RetinaFaceDetector"/>
/// runs inside the official helper's own wrapper (<see cref="RetinaFaceFinder"/>), every other detector inside
/// <see cref="FaceFinder"/>.
/// </summary>
public sealed class FacePreparer(IFaceDetector? detector, DetectionOptions? detection = null, string? detectorName = null)
{
    private readonly DetectionOptions _detection = detection ?? DetectionOptions.Default;

    /// <summary>The detector's name for reports (e.g. retinaface_resnet50), when the caller gave one.</summary>
    public string? DetectorName => detectorName;

    public PreparedImage Prepare(RgbImage image, GrayImage? alpha, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        return options.HasAligned ? PrepareAligned(image, alpha) : PrepareWhole(image, alpha, options, knownFaces);
    }

    private PreparedImage PrepareWhole(RgbImage image, GrayImage? alpha, RestoreOptions options, IReadOnlyList<FaceLandmarks>? knownFaces)
    {
        bool isGray = GrayscaleCheck.IsGray(image);
        var working = WorkingImage.From(image, alpha);

        var clock = Stopwatch.StartNew();
        IReadOnlyList<DetectedFace> found = knownFaces is null
            ? Find(working.Rgb, _detection with { OnlyCenterFace = options.OnlyCenterFace, LargestFace = options.LargestFace })
            : knownFaces.Select(l => FromLandmarks(l.Scale(working.Scale))).ToArray();
        var detectTime = clock.Elapsed;

        clock.Restart();
        var faces = found.Select(face =>
        {
            var aligned = FaceAligner.Align(working.Rgb, face.Landmarks);
            return new AlignedFace(face.Scale(1 / working.Scale), aligned.ImageToCrop, aligned.Crop);
        }).ToArray();
        return new PreparedImage(image.Width, image.Height, working, isGray, HasAligned: false, faces, detectTime, clock.Elapsed);
    }

    private IReadOnlyList<DetectedFace> Find(RgbImage image, DetectionOptions options) => detector switch
    {
        null => throw new InvalidOperationException("No face detector was configured and no faces were given."),
        RetinaFaceDetector retinaFace => new RetinaFaceFinder(retinaFace, options).Find(image),
        _ => new FaceFinder(detector, options).Find(image),
    };

    private static PreparedImage PrepareAligned(RgbImage image, GrayImage? alpha)
    {
        var clock = Stopwatch.StartNew();
        int size = FfhqTemplate.CropSize;
        var crop = image.Width == size && image.Height == size ? image : BilinearResize.Resize(image, size, size);
        var croppedAlpha = alpha is null || (alpha.Width == size && alpha.Height == size) ? alpha : BilinearResize.Resize(alpha, size, size);
        bool isGray = GrayscaleCheck.IsGray(crop);
        var landmarks = new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, FfhqTemplate.Points.Select(p => p * ((double)image.Width / size)).ToArray());
        var face = new DetectedFace(new FaceBox(0, 0, image.Width, image.Height), 1f, landmarks);
        var working = new WorkingImage(crop, croppedAlpha, 1.0);
        return new PreparedImage(image.Width, image.Height, working, isGray, HasAligned: true, [new AlignedFace(face, AffineMatrix.Identity, crop)], TimeSpan.Zero, clock.Elapsed);
    }

    /// <summary>A caller-given face: its box is the landmarks' bounds grown to a face-sized square, score 1.</summary>
    private static DetectedFace FromLandmarks(FaceLandmarks landmarks)
    {
        double minX = landmarks.Points.Min(p => p.X), maxX = landmarks.Points.Max(p => p.X);
        double minY = landmarks.Points.Min(p => p.Y), maxY = landmarks.Points.Max(p => p.Y);
        double half = Math.Max(maxX - minX, maxY - minY);
        var centre = new Point2((minX + maxX) / 2, (minY + maxY) / 2);
        return new DetectedFace(new FaceBox(centre.X - half, centre.Y - half, centre.X + half, centre.Y + half), 1f, landmarks);
    }
}
