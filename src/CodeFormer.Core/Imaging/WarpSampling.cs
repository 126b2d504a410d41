using System.Runtime.CompilerServices;
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

    /// <summary>
    /// For destination canvas row <paramref name="y"/>, each column's top-left source neighbour and its 1/32
    /// fractions packed as fy·32 + fx.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(int y, Span<int> sx, Span<int> sy, Span<int> fraction)
    {
        int x0 = Round(((_map.M01 * y) + _map.M02) * MapScale) + RoundDelta;
        int y0 = Round(((_map.M11 * y) + _map.M12) * MapScale) + RoundDelta;
        for (int i = 0; i < _columnX.Length; i++)
        {
            int xq = (x0 + _columnX[i]) >> (MapBits - FractionBits);
            int yq = (y0 + _columnY[i]) >> (MapBits - FractionBits);
            sx[i] = xq >> FractionBits;
            sy[i] = yq >> FractionBits;
            fraction[i] = ((yq & (FractionSteps - 1)) << FractionBits) | (xq & (FractionSteps - 1));
        }
    }

    /// <summary>OpenCV's saturate_cast&lt;int&gt;(double): round half to even, clamped to the int range.</summary>
    public static int Round(double value)
    {
        double r = Math.Round(value);
        return r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }
}
