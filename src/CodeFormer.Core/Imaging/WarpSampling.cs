using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Source positions for an affine warp, quantised exactly as OpenCV's <c>warpAffine</c> does for bilinear
/// interpolation: the destination→source map is evaluated in 1/1024 fixed point, then each position is cut to
/// 1/32 pixel. Matching this (rather than sampling at exact positions) is what lets crops and pasted faces agree
/// with the official pipeline to interpolation rounding.
/// </summary>
internal static class WarpSampling
{
    public const int FractionBits = 5;
    public const int FractionSteps = 1 << FractionBits;
    private const int MapBits = 10;
    private const double MapScale = 1 << MapBits;
    private const int RoundDelta = (1 << MapBits) / FractionSteps / 2;

    /// <summary>
    /// For destination row <paramref name="y"/> and columns <paramref name="x0"/>..x0+count-1 (canvas coordinates),
    /// writes the integer source position (top-left neighbour) and its 1/32 fractions.
    /// </summary>
    public static void Row(AffineMatrix dstToSrc, int y, int x0, Span<int> sx, Span<int> sy, Span<byte> fx, Span<byte> fy)
    {
        int x0Fixed = Round((dstToSrc.M01 * y + dstToSrc.M02) * MapScale) + RoundDelta;
        int y0Fixed = Round((dstToSrc.M11 * y + dstToSrc.M12) * MapScale) + RoundDelta;
        for (int i = 0; i < sx.Length; i++)
        {
            int x = x0 + i;
            int xq = (x0Fixed + Round(dstToSrc.M00 * x * MapScale)) >> (MapBits - FractionBits);
            int yq = (y0Fixed + Round(dstToSrc.M10 * x * MapScale)) >> (MapBits - FractionBits);
            sx[i] = xq >> FractionBits;
            sy[i] = yq >> FractionBits;
            fx[i] = (byte)(xq & (FractionSteps - 1));
            fy[i] = (byte)(yq & (FractionSteps - 1));
        }
    }

    /// <summary>OpenCV's saturate_cast&lt;int&gt;(double): round half to even, clamped to the int range.</summary>
    public static int Round(double value)
    {
        double r = Math.Round(value, MidpointRounding.ToEven);
        return r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }
}
