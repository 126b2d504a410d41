using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Where a detector's input tensor looks in the image: tensor pixel edge coordinate (u, v) sits at image
/// coordinate (Left + u·Scale, Top + v·Scale). A letterbox has negative offsets; a tile sits inside the image.
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

    public Point2 ToImage(Point2 tensorPoint) => new(Left + (tensorPoint.X * Scale), Top + (tensorPoint.Y * Scale));

    public FaceBox ToImage(FaceBox tensorBox) =>
        new(Left + (tensorBox.Left * Scale), Top + (tensorBox.Top * Scale), Left + (tensorBox.Right * Scale), Top + (tensorBox.Bottom * Scale));
}
