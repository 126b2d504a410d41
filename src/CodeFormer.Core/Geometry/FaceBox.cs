namespace CodeFormer.Core.Geometry;

/// <summary>An axis-aligned face box in image pixels.</summary>
public readonly record struct FaceBox(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;

    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    public Point2 Centre => new((Left + Right) / 2, (Top + Bottom) / 2);

    public FaceBox Scale(double factor) => new(Left * factor, Top * factor, Right * factor, Bottom * factor);

    public double IntersectionOverUnion(FaceBox other)
    {
        double w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        double h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        double inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}
