using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Pipeline;

/// <summary>One face as reported to users: box [x1, y1, x2, y2], score and landmarks [[x, y], …], in input pixels.</summary>
public sealed record FaceReport(double[] Box, float Score, double[][] Landmarks, string LandmarkLayout)
{
    public static FaceReport From(DetectedFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        return new FaceReport(
            [Round(face.Box.Left), Round(face.Box.Top), Round(face.Box.Right), Round(face.Box.Bottom)],
            face.Score,
            face.Landmarks.Points.Select(p => new[] { Round(p.X), Round(p.Y) }).ToArray(),
            face.Landmarks.Layout.ToString());
    }

    private static double Round(double v) => Math.Round(v, 2);
}
