using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Source positions for an affine warp, quantised exactly as OpenCV's <c>warpAffine</c> does for bilinear
/// interpolation: the destination→source map is evaluated in 1/1024 fixed point (the per-column terms once per
/// warp, the per-row terms once per row), then each position is cut to 1/32 pixel. Matching this, rather than
/// sampling at exact positions, is what lets crops and pasted faces agree with the official pipeline.
/// </summary>
internal sealed class WarpSampling
{
    public const int FractionBits = 5;
    public const int FractionSteps = 1 << FractionBits;
    public const int MapToFraction = MapBits - FractionBits;
    private const int MapBits = 10;
    private const double MapScale = 1 << MapBits;
    private const int RoundDelta = (1 << MapBits) / FractionSteps / 2;

    private readonly AffineMatrix _map;
    private readonly int[] _columnX;
    private readonly int[] _columnY;

    /// <param name="destinationToSource">The inverse of the warp's matrix.</param>
    /// <param name="originX">Canvas column of the destination window's first column.</param>
    /// <param name="width">Destination window width.</param>
    public WarpSampling(AffineMatrix destinationToSource, int originX, int width)
    {
        _map = destinationToSource;
        _columnX = new int[width];
        _columnY = new int[width];
        for (int i = 0; i < width; i++)
        {
            int x = originX + i;
            _columnX[i] = Round(destinationToSource.M00 * x * MapScale);
            _columnY[i] = Round(destinationToSource.M10 * x * MapScale);
        }
    }

    /// <summary>Per destination column, the x-dependent part of the source x in 1/1024 pixel.</summary>
    public int[] ColumnX => _columnX;

    /// <summary>Per destination column, the x-dependent part of the source y in 1/1024 pixel.</summary>
    public int[] ColumnY => _columnY;

    /// <summary>
    /// The y-dependent parts for destination canvas row <paramref name="y"/>, rounding offset included: column i
    /// samples at xq = (RowX + ColumnX[i]) &gt;&gt; 5 and yq = (RowY + ColumnY[i]) &gt;&gt; 5 in 1/32 pixel, i.e. top-left
    /// neighbour (xq &gt;&gt; 5, yq &gt;&gt; 5) and fractions packed as (yq &amp; 31)·32 + (xq &amp; 31).
    /// </summary>
    public (int RowX, int RowY) RowStart(int y) =>
        (Round(((_map.M01 * y) + _map.M02) * MapScale) + RoundDelta, Round(((_map.M11 * y) + _map.M12) * MapScale) + RoundDelta);

    /// <summary>OpenCV's saturate_cast&lt;int&gt;(double): round half to even, clamped to the int range.</summary>
    public static int Round(double value)
    {
        double r = Math.Round(value);
        return r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }
}
