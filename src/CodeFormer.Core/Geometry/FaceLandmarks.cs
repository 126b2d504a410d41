namespace CodeFormer.Core.Geometry;

/// <summary>Facial landmark points in image pixels, in the order their <see cref="LandmarkLayout"/> names.</summary>
public sealed class FaceLandmarks
{
    public FaceLandmarks(LandmarkLayout layout, IReadOnlyList<Point2> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int expected = PointCount(layout);
        if (points.Count != expected)
        {
            throw new ArgumentException($"{layout} landmarks need {expected} points, got {points.Count}.", nameof(points));
        }

        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
            {
                throw new ArgumentException("Landmark coordinates must be finite numbers.", nameof(points));
            }
        }

        Layout = layout;
        Points = points.ToArray();
    }

    public LandmarkLayout Layout { get; }

    public IReadOnlyList<Point2> Points { get; }

    public Point2 LeftEye => Points[0];

    public Point2 RightEye => Points[1];

    public Point2 Nose => Points[2];

    public double EyeDistance => LeftEye.DistanceTo(RightEye);

    public static FaceLandmarks Official(Point2 leftEye, Point2 rightEye, Point2 nose, Point2 mouthLeft, Point2 mouthRight) =>
        new(LandmarkLayout.EyesNoseMouthCorners, [leftEye, rightEye, nose, mouthLeft, mouthRight]);

    public static int PointCount(LandmarkLayout layout) => layout switch
    {
        LandmarkLayout.EyesNoseMouthCorners => 5,
        LandmarkLayout.EyesNoseMouthCentre => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown landmark layout."),
    };

    public FaceLandmarks Scale(double factor) => new(Layout, Points.Select(p => p * factor).ToArray());
}
