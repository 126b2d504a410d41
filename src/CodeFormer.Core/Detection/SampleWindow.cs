using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Where a detector's input tensor looks in the image: the tensor's pixel edges at (u, v) lie on the image's
/// (Left + u·Scale, Top + v·Scale). A letterbox has negative offsets; a tile sits inside the image.
/// Points are mapped in OpenCV's pixel-centre coordinates (pixel (i, j) is centred at (i, j)) on both sides.
/// </summary>
public readonly record struct SampleWindow(double Left, double Top, double Scale)
{
    /// <summary>The whole image centred in a square of <paramref name="size"/> pixels, the margins left black.</summary>
    public static SampleWindow Letterbox(int imageWidth, int imageHeight, int size)
    {
        int side = Math.Max(imageWidth, imageHeight);
        return new SampleWindow((imageWidth - side) / 2.0, (imageHeight - side) / 2.0, (double)side / size);
    }

    /// <summary>A square of <paramref name="side"/> image pixels at (left, top) seen at <paramref name="size"/> tensor pixels.</summary>
    public static SampleWindow Square(double left, double top, double side, int size) => new(left, top, side / size);

    /// <summary>A tensor point to image pixels, both with pixel centres at integer coordinates.</summary>
    public Point2 ToImage(Point2 tensorPoint) => new(ToImageX(tensorPoint.X), ToImageY(tensorPoint.Y));

    public FaceBox ToImage(FaceBox tensorBox) =>
        new(ToImageX(tensorBox.Left), ToImageY(tensorBox.Top), ToImageX(tensorBox.Right), ToImageY(tensorBox.Bottom));

    private double ToImageX(double x) => Left + ((x + 0.5) * Scale) - 0.5;

    private double ToImageY(double y) => Top + ((y + 0.5) * Scale) - 0.5;
}
