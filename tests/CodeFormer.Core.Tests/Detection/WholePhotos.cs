using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// The faces a person would restore in <c>shared/data/faces/whole</c>, with eye centres (image-left eye first)
/// read off the photos by eye on an 8× zoom with a 5 px grid, good to about ±1.5 px, in pixel-centre
/// coordinates (pixel (i, j) centred at (i, j)); and the only other things a detector may report there.
/// </summary>
public static class WholePhotos
{
    public static readonly TheoryData<string> Names = ["00.jpg", "03.jpg", "04.jpg", "05.jpg"];

    public static IReadOnlyList<ExpectedFace> Faces(string name) => name switch
    {
        "00.jpg" =>
        [
            new("left man (glasses)", new(71.5, 100.5), new(90.5, 99.5)),
            new("second man", new(183.5, 97), new(200.5, 97)),
            new("third man", new(292, 100), new(307.5, 99)),
            new("right man", new(402, 87.5), new(418.5, 86.5)),
        ],
        "03.jpg" => [new("woman", new(139.5, 90.5), new(181.5, 87.5))],
        "04.jpg" => [new("woman", new(103.5, 77.5), new(125.5, 77))],
        "05.jpg" => [new("boy", new(96.5, 66.5), new(117, 73.5))],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not one of the whole photos."),
    };

    /// <summary>Regions where a detection that matches no expected face is still acceptable.</summary>
    public static IReadOnlyList<FaceBox> AllowedExtras(string name) => name switch
    {
        "00.jpg" => [new FaceBox(90, 95, 130, 140)], // the small figure in the background between the first two men
        "03.jpg" => [new FaceBox(220, 0, 400, 225)], // the head turned away on the right
        _ => [],
    };

    public static RgbImage Read(string name) => ImageFiles.ReadRgb(SharedData.File("faces", "whole", name));

    /// <summary>
    /// Checks <paramref name="faces"/> against the photo: each expected face matched by exactly one detection
    /// whose eyes lie within a fifth of the eye distance of the expected ones (the readings are ±1.5 px and the
    /// faces are small: 17–45 px between the eyes), and every other detection centred in an allowed region.
    /// </summary>
    public static void AssertFound(string name, IReadOnlyList<DetectedFace> faces)
    {
        var unmatched = faces.ToList();
        foreach (var expected in Faces(name))
        {
            double tolerance = 0.2 * expected.LeftEye.DistanceTo(expected.RightEye);
            var match = unmatched.Where(f => expected.EyeError(f) <= tolerance).ToList();
            Assert.True(match.Count == 1,
                $"{name}: the {expected.Label} (eyes {expected.LeftEye}, {expected.RightEye}) is matched by {match.Count} detections within {tolerance:F1} px; got {Describe(faces)}");
            unmatched.Remove(match[0]);
        }

        var extras = AllowedExtras(name);
        foreach (var face in unmatched)
        {
            Assert.True(extras.Any(r => Contains(r, face.Box.Centre)), $"{name}: unexpected detection {Describe([face])}");
        }
    }

    public static string Describe(IEnumerable<DetectedFace> faces) => string.Join("; ", faces.Select(f =>
        $"box ({f.Box.Left:F0},{f.Box.Top:F0})-({f.Box.Right:F0},{f.Box.Bottom:F0}) score {f.Score:F2} eyes ({f.Landmarks.LeftEye.X:F1},{f.Landmarks.LeftEye.Y:F1}) ({f.Landmarks.RightEye.X:F1},{f.Landmarks.RightEye.Y:F1})"));

    private static bool Contains(FaceBox region, Point2 p) => p.X >= region.Left && p.X <= region.Right && p.Y >= region.Top && p.Y <= region.Bottom;
}

public sealed record ExpectedFace(string Label, Point2 LeftEye, Point2 RightEye)
{
    /// <summary>The larger of the two eyes' distances from the expected positions.</summary>
    public double EyeError(DetectedFace face) =>
        Math.Max(face.Landmarks.LeftEye.DistanceTo(LeftEye), face.Landmarks.RightEye.DistanceTo(RightEye));
}
