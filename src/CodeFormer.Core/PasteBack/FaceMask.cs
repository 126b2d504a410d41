using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// One face's official masks on its region: the crop square warped onto the canvas and eroded by (2·upscale)²
/// (the hard mask the face is multiplied by), then eroded by (2e)² with e = ⌊√area⌋ // 20 and Gaussian-feathered
/// with a 2e + 1 kernel (the soft mask it is blended with). They depend only on the matrix, not on any pixels,
/// so they can be built while the background is still being enlarged. Dispose returns the pooled planes.
/// </summary>
internal sealed class FaceMask : IDisposable
{
    private FaceMask(FloatPlane hard, FloatPlane soft, double area, double[]? parsed)
    {
        Hard = hard;
        Soft = soft;
        Area = area;
        Parsed = parsed;
    }

    public FloatPlane Hard { get; }

    public FloatPlane Soft { get; }

    /// <summary>The hard mask's sum, which sets the feather width (and the drawn box's border).</summary>
    public double Area { get; }

    /// <summary>With parsing labels, the blend mask instead of <see cref="Soft"/>: the minimum of the warped parse mask and it, in double.</summary>
    public double[]? Parsed { get; }

    public static FaceMask Build(AffineMatrix cropToCanvas, FaceRegion region, int upscale, byte[]? parseLabels = null)
    {
        int size = FfhqTemplate.CropSize;
        using var coverage = FloatPlane.Uninitialized(region.Width, region.Height);
        AffineWarp.Coverage(size, size, cropToCanvas, coverage.Buffer, region.Width, region.Height, region.X, region.Y);
        var hard = Erosion.Square(coverage, 2 * upscale);
        double area = hard.Sum();
        int edge = (int)Math.Sqrt(area) / 20;
        // An empty kernel makes OpenCV erode with its default 3×3 square, which the official code hits for tiny faces.
        using var centre = Erosion.Square(hard, edge == 0 ? 3 : 2 * edge);
        var soft = GaussianBlur.Apply(centre, (2 * edge) + 1);
        var parsed = parseLabels is null ? null : ParseMask.OnRegion(ParseMask.FromLabels(parseLabels), cropToCanvas, region, soft);
        return new FaceMask(hard, soft, area, parsed);
    }

    public void Dispose()
    {
        Hard.Dispose();
        Soft.Dispose();
    }
}
