using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// The canvas window a pasted face can touch: the warped crop square plus enough margin for the erosions and
/// the blur, clipped to the canvas. Working on this window instead of the whole canvas is what makes paste-back
/// cheap; inside it the results equal whole-canvas processing because the margin holds only zeros.
/// </summary>
internal readonly record struct FaceRegion(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public static FaceRegion For(AffineMatrix cropToCanvas, int upscale, int canvasWidth, int canvasHeight)
    {
        double size = FfhqTemplate.CropSize;
        Point2[] corners = [cropToCanvas.Apply(new(0, 0)), cropToCanvas.Apply(new(size, 0)), cropToCanvas.Apply(new(0, size)), cropToCanvas.Apply(new(size, size))];
        double minX = corners.Min(p => p.X), maxX = corners.Max(p => p.X);
        double minY = corners.Min(p => p.Y), maxY = corners.Max(p => p.Y);

        // The feather width is ⌊√area⌋ // 20 and the area is at most the warped square's.
        double scale = Math.Sqrt(Math.Abs(cropToCanvas.Determinant));
        int margin = (int)Math.Ceiling(size * scale / 20) + (2 * upscale) + 4;

        int x0 = Math.Max(0, (int)Math.Floor(minX) - margin);
        int y0 = Math.Max(0, (int)Math.Floor(minY) - margin);
        int x1 = Math.Min(canvasWidth, (int)Math.Ceiling(maxX) + margin + 1);
        int y1 = Math.Min(canvasHeight, (int)Math.Ceiling(maxY) + margin + 1);
        return new FaceRegion(x0, y0, x1 - x0, y1 - y0);
    }
}
