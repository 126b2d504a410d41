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
        var hard = BuildHard(cropToCanvas, region, upscale);
        var mask = FromHard(hard, hard.Sum(), 0, region.Height);
        return parseLabels is null ? mask
            : new FaceMask(mask.Hard, mask.Soft, mask.Area, ParseMask.OnRegion(ParseMask.FromLabels(parseLabels), cropToCanvas, region, mask.Soft));
    }

    /// <summary>
    /// The hard mask's sum over the region without holding it whole: strips of <paramref name="stripRows"/> rows,
    /// each eroded with the <paramref name="upscale"/> rows above and below it that the erosion reaches. Every value
    /// is a multiple of 2⁻¹⁰ (see <see cref="FloatPlane.Sum()"/>), so the strips' sums add up to the whole's exactly.
    /// </summary>
    public static double MeasureArea(AffineMatrix cropToCanvas, FaceRegion region, int upscale, int stripRows)
    {
        double area = 0;
        for (int first = 0; first < region.Height; first += stripRows)
        {
            int end = Math.Min(region.Height, first + stripRows);
            var (window, top) = Window(region, first, end, upscale + 1);
            using var hard = BuildHard(cropToCanvas, window, upscale);
            area += hard.Sum(first - top, end - top);
        }

        return area;
    }

    /// <summary>
    /// Rows [<paramref name="first"/>, <paramref name="end"/>) of the region's masks, equal to those of
    /// <see cref="Build"/>: they are computed on a window with every row the erosions and the blur reach on either
    /// side (whose own edge rows differ, and are dropped), or up to the region's edge, which is the same edge.
    /// </summary>
    public static FaceMask BuildRows(AffineMatrix cropToCanvas, FaceRegion region, int upscale, double area, int first, int end)
    {
        int halo = Halo(area, upscale);
        var (window, top) = Window(region, first, end, halo);
        return FromHard(BuildHard(cropToCanvas, window, upscale), area, first - top, end - top);
    }

    /// <summary>Rows one strip's masks depend on beyond the strip, either side: the erosion by 2·upscale, the
    /// second erosion and the blur (each reaching half its size), plus one for the even kernels' anchors.</summary>
    public static int Halo(double area, int upscale)
    {
        int edge = Edge(area);
        return upscale + (CentreSize(edge) / 2) + edge + 2;
    }

    private static FloatPlane BuildHard(AffineMatrix cropToCanvas, FaceRegion region, int upscale)
    {
        int size = FfhqTemplate.CropSize;
        using var coverage = FloatPlane.Uninitialized(region.Width, region.Height);
        AffineWarp.Coverage(size, size, cropToCanvas, coverage.Buffer, region.Width, region.Height, region.X, region.Y);
        return Erosion.Square(coverage, 2 * upscale);
    }

    /// <summary>Both masks from the hard one, which it takes over, keeping rows [first, end); the area sets the
    /// feather width.</summary>
    private static FaceMask FromHard(FloatPlane hard, double area, int first, int end)
    {
        int edge = Edge(area);
        FloatPlane soft;
        using (var centre = Erosion.Square(hard, CentreSize(edge)))
        {
            soft = GaussianBlur.Apply(centre, (2 * edge) + 1);
        }

        if (first == 0 && end == hard.Height)
        {
            return new FaceMask(hard, soft, area, null);
        }

        using (hard)
        using (soft)
        {
            return new FaceMask(hard.Rows(first, end), soft.Rows(first, end), area, null);
        }
    }

    private static int Edge(double area) => (int)Math.Sqrt(area) / 20;

    /// <summary>An empty kernel makes OpenCV erode with its default 3×3 square, which the official code hits for tiny faces.</summary>
    private static int CentreSize(int edge) => edge == 0 ? 3 : 2 * edge;

    /// <summary>Region rows [first − halo, end + halo), clipped to the region, and the row it starts at.</summary>
    private static (FaceRegion Window, int Top) Window(FaceRegion region, int first, int end, int halo)
    {
        int top = Math.Max(0, first - halo), bottom = Math.Min(region.Height, end + halo);
        return (region with { Y = region.Y + top, Height = bottom - top }, top);
    }

    public void Dispose()
    {
        Hard.Dispose();
        Soft.Dispose();
    }
}
