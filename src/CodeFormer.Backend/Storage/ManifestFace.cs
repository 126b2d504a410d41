using CodeFormer.Core.Geometry;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// One detected face in a manifest: box [left, top, right, bottom], score and landmarks [[x, y], …] in upload
/// pixels (landmark order per <paramref name="Layout"/>), the 2×3 matrix from the working image to its 512×512
/// crop, and the blobs of its crop and restored face.
/// </summary>
public sealed record ManifestFace(int Index, double[] Box, float Score, LandmarkLayout Layout, double[][] Landmarks, double[][] ImageToCrop, string Crop, string Restored)
{
    public static ManifestFace From(int index, DetectedFace face, AffineMatrix imageToCrop, string crop, string restored)
    {
        ArgumentNullException.ThrowIfNull(face);
        return new ManifestFace(
            index,
            [face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom],
            face.Score,
            face.Landmarks.Layout,
            face.Landmarks.Points.Select(p => new[] { p.X, p.Y }).ToArray(),
            imageToCrop.ToRows(),
            crop,
            restored);
    }

    public DetectedFace ToDetectedFace() => new(
        new FaceBox(Box[0], Box[1], Box[2], Box[3]),
        Score,
        new FaceLandmarks(Layout, Landmarks.Select(p => new Point2(p[0], p[1])).ToArray()));
}
