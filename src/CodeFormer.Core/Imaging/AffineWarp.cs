using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Bilinear affine warps with a constant border, bit-compatible with OpenCV's <c>warpAffine</c> (INTER_LINEAR,
/// BORDER_CONSTANT). The destination is a window of a larger canvas, so callers can warp onto just the region a
/// face covers: destination pixel (i, j) is canvas pixel (originX + i, originY + j).
/// Each pixel takes the fast path when its four neighbours lie inside the source, which is nearly all of them.
/// </summary>
public static class AffineWarp
{
    private const int RowsPerTask = 16;
    private const int Shift = WarpSampling.MapToFraction;
    private const int FractionBits = WarpSampling.FractionBits;
    private const int FractionMask = WarpSampling.FractionSteps - 1;

    /// <summary>Per fraction, ((w₀ + w₁) + w₂) + w₃ in float: the warp of a source of ones where all four neighbours are inside.</summary>
    private static readonly float[] s_interiorCoverage = CreateInteriorCoverage();

    private static readonly bool s_interiorIsOne = Array.TrueForAll(s_interiorCoverage, v => v == 1f);

    /// <summary>Warps 8-bit RGB: each output is the 1/32-quantised bilinear blend in 15-bit fixed point, as OpenCV does.</summary>
    public static void Rgb(RgbImage source, AffineMatrix sourceToDestination, RgbImage destination, int originX, int originY, Rgb24Color border)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Rgb(source, sourceToDestination, destination.Pixels, destination.Width, destination.Height, originX, originY, border);
    }

    /// <summary>The same onto a packed RGB buffer (which may be longer than the window, e.g. pooled).</summary>
    internal static void Rgb(RgbImage source, AffineMatrix sourceToDestination, byte[] destination, int destinationWidth, int destinationHeight, int originX, int originY, Rgb24Color border)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sampling = new WarpSampling(sourceToDestination.Invert(), originX, destinationWidth);
        ForRows(destinationHeight, destinationWidth, y => RgbSpan(source, sampling, originY + y, 0, destinationWidth, destination.AsSpan(y * destinationWidth * 3, destinationWidth * 3), border));
    }

    /// <summary>
    /// Warps columns [<paramref name="start"/>, <paramref name="end"/>) of canvas row <paramref name="canvasY"/> into
    /// <paramref name="destination"/> (3 bytes per column, starting with column <paramref name="start"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void RgbSpan(RgbImage source, WarpSampling sampling, int canvasY, int start, int end, Span<byte> destination, Rgb24Color border)
    {
        if (destination.Length < (end - start) * 3)
        {
            throw new ArgumentException("The destination is shorter than the span.", nameof(destination));
        }

        int w = source.Width, h = source.Height, stride = source.Stride;
        var (rowX, rowY) = sampling.RowStart(canvasY);
        fixed (byte* src = source.Pixels)
        fixed (byte* output = destination)
        fixed (int* columnX = sampling.ColumnX)
        fixed (int* columnY = sampling.ColumnY)
        fixed (int* weights = BilinearWeights.Fixed)
        {
            byte* dst = output;
            int i = start;
            if (Avx2.IsSupported && w > 1 && h > 1)
            {
                for (; i <= end - 8; i += 8, dst += 24)
                {
                    if (!RgbEightInside(src, w, h, stride, columnX + i, columnY + i, rowX, rowY, dst))
                    {
                        for (int k = 0; k < 8; k++)
                        {
                            RgbPixel(src, w, h, stride, weights, rowX + columnX[i + k], rowY + columnY[i + k], dst + (k * 3), border);
                        }
                    }
                }
            }

            for (; i < end; i++, dst += 3)
            {
                RgbPixel(src, w, h, stride, weights, rowX + columnX[i], rowY + columnY[i], dst, border);
            }
        }
    }

    /// <summary>One pixel from its source position in 1/1024 pixel (rounding offset included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RgbPixel(byte* src, int w, int h, int stride, int* weights, int mapX, int mapY, byte* dst, Rgb24Color border)
    {
        int xq = mapX >> Shift, yq = mapY >> Shift;
        int x = xq >> FractionBits, y = yq >> FractionBits;
        int* wt = weights + ((((yq & FractionMask) << FractionBits) | (xq & FractionMask)) * 4);
        if ((uint)x < (uint)(w - 1) && (uint)y < (uint)(h - 1))
        {
            byte* top = src + (y * stride) + (x * 3);
            byte* bottom = top + stride;
            int w0 = wt[0], w1 = wt[1], w2 = wt[2], w3 = wt[3];
            dst[0] = (byte)(((top[0] * w0) + (top[3] * w1) + (bottom[0] * w2) + (bottom[3] * w3) + (1 << 14)) >> 15);
            dst[1] = (byte)(((top[1] * w0) + (top[4] * w1) + (bottom[1] * w2) + (bottom[4] * w3) + (1 << 14)) >> 15);
            dst[2] = (byte)(((top[2] * w0) + (top[5] * w1) + (bottom[2] * w2) + (bottom[5] * w3) + (1 << 14)) >> 15);
        }
        else if (x >= w || x + 1 < 0 || y >= h || y + 1 < 0)
        {
            dst[0] = border.R;
            dst[1] = border.G;
            dst[2] = border.B;
        }
        else
        {
            for (int c = 0; c < 3; c++)
            {
                int v = (Sample(src, w, h, stride, x, y, c, border) * wt[0]) + (Sample(src, w, h, stride, x + 1, y, c, border) * wt[1])
                    + (Sample(src, w, h, stride, x, y + 1, c, border) * wt[2]) + (Sample(src, w, h, stride, x + 1, y + 1, c, border) * wt[3]);
                dst[c] = (byte)Math.Clamp((v + (1 << 14)) >> 15, 0, 255);
            }
        }
    }

    /// <summary>
    /// Eight consecutive pixels at once when all their neighbourhoods lie inside the source (else false and
    /// nothing written): the same integer sums as <see cref="RgbPixel"/>, with the weights computed rather than
    /// looked up ((32 − fy)(32 − fx)·32 and so on, the table's own formula) and the neighbours gathered as 32-bit
    /// words (pixel x's word starts at its red byte, pixel x + 1's two bytes earlier, so no read passes the image end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool RgbEightInside(byte* src, int w, int h, int stride, int* columnX, int* columnY, int rowX, int rowY, byte* dst)
    {
        var xq = Vector256.ShiftRightArithmetic(Vector256.Load(columnX) + Vector256.Create(rowX), Shift);
        var yq = Vector256.ShiftRightArithmetic(Vector256.Load(columnY) + Vector256.Create(rowY), Shift);
        var x = Vector256.ShiftRightArithmetic(xq, FractionBits);
        var y = Vector256.ShiftRightArithmetic(yq, FractionBits);
        var inside = Vector256.LessThan(x.AsUInt32(), Vector256.Create((uint)(w - 1))) & Vector256.LessThan(y.AsUInt32(), Vector256.Create((uint)(h - 1)));
        if (inside.ExtractMostSignificantBits() != 0xFFu)
        {
            return false;
        }

        var steps = Vector256.Create(WarpSampling.FractionSteps);
        var fx = xq & Vector256.Create(FractionMask);
        var fy = yq & Vector256.Create(FractionMask);
        var gx = steps - fx;
        var gy = steps - fy;
        var w0 = (gy * gx) << FractionBits;
        var w1 = (gy * fx) << FractionBits;
        var w2 = (fy * gx) << FractionBits;
        var w3 = (fy * fx) << FractionBits;

        var offset = (y * Vector256.Create(stride)) + x + x + x;
        var topLeft = Avx2.GatherVector256((int*)src, offset, 1);
        var topRight = Avx2.GatherVector256((int*)(src + 2), offset, 1);
        var bottomLeft = Avx2.GatherVector256((int*)(src + stride), offset, 1);
        var bottomRight = Avx2.GatherVector256((int*)(src + stride + 2), offset, 1);

        var red = Channel(topLeft, topRight, bottomLeft, bottomRight, w0, w1, w2, w3, 0);
        var green = Channel(topLeft, topRight, bottomLeft, bottomRight, w0, w1, w2, w3, 8);
        var blue = Channel(topLeft, topRight, bottomLeft, bottomRight, w0, w1, w2, w3, 16);
        var packed = red | (green << 8) | (blue << 16);
        // Per 128-bit half: four RGB0 words → twelve RGB bytes.
        var compact = Vector256.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80, 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
        var bytes = Avx2.Shuffle(packed.AsByte(), compact);
        var low = bytes.GetLower();
        var high = bytes.GetUpper();
        Unsafe.WriteUnaligned(dst, low.AsUInt64().ToScalar());
        Unsafe.WriteUnaligned(dst + 8, low.AsUInt32().GetElement(2));
        Unsafe.WriteUnaligned(dst + 12, high.AsUInt64().ToScalar());
        Unsafe.WriteUnaligned(dst + 20, high.AsUInt32().GetElement(2));
        return true;
    }

    /// <summary>(tl·w₀ + tr·w₁ + bl·w₂ + br·w₃ + 2¹⁴) &gt;&gt; 15 for the channel at bit <paramref name="shift"/> of the left words (the right words sit 8 bits higher).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Channel(Vector256<int> topLeft, Vector256<int> topRight, Vector256<int> bottomLeft, Vector256<int> bottomRight, Vector256<int> w0, Vector256<int> w1, Vector256<int> w2, Vector256<int> w3, int shift)
    {
        var lowByte = Vector256.Create(0xFF);
        var sum = ((Vector256.ShiftRightLogical(topLeft, shift) & lowByte) * w0) + ((Vector256.ShiftRightLogical(topRight, shift + 8) & lowByte) * w1)
            + ((Vector256.ShiftRightLogical(bottomLeft, shift) & lowByte) * w2) + ((Vector256.ShiftRightLogical(bottomRight, shift + 8) & lowByte) * w3);
        return Vector256.ShiftRightLogical(sum + Vector256.Create(1 << 14), 15);
    }

    /// <summary>
    /// Warps interleaved 3-channel doubles (a face kept in floating point, as the official grayscale path does);
    /// outside the source reads 0.
    /// </summary>
    public static void Rgb(double[] source, int sourceWidth, int sourceHeight, AffineMatrix sourceToDestination, double[] destination, int destinationWidth, int destinationHeight, int originX, int originY)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sampling = new WarpSampling(sourceToDestination.Invert(), originX, destinationWidth);
        ForRows(destinationHeight, destinationWidth, y => RgbSpan(source, sourceWidth, sourceHeight, sampling, originY + y, 0, destinationWidth, destination.AsSpan(y * destinationWidth * 3, destinationWidth * 3)));
    }

    /// <summary>Columns [<paramref name="start"/>, <paramref name="end"/>) of one canvas row of the double warp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RgbSpan(double[] source, int sourceWidth, int sourceHeight, WarpSampling sampling, int canvasY, int start, int end, Span<double> destination)
    {
        var (rowX, rowY) = sampling.RowStart(canvasY);
        int stride = sourceWidth * 3;
        ReadOnlySpan<float> weights = BilinearWeights.Float;
        ReadOnlySpan<int> columnX = sampling.ColumnX, columnY = sampling.ColumnY;
        for (int i = start; i < end; i++)
        {
            int xq = (rowX + columnX[i]) >> Shift, yq = (rowY + columnY[i]) >> Shift;
            int x = xq >> FractionBits, yy = yq >> FractionBits;
            var wt = weights.Slice((((yq & FractionMask) << FractionBits) | (xq & FractionMask)) * 4, 4);
            bool in00 = Inside(x, yy, sourceWidth, sourceHeight), in01 = Inside(x + 1, yy, sourceWidth, sourceHeight);
            bool in10 = Inside(x, yy + 1, sourceWidth, sourceHeight), in11 = Inside(x + 1, yy + 1, sourceWidth, sourceHeight);
            int p = (yy * stride) + (x * 3);
            var dst = destination.Slice((i - start) * 3, 3);
            for (int c = 0; c < 3; c++)
            {
                dst[c] = ((in00 ? source[p + c] : 0) * wt[0]) + ((in01 ? source[p + 3 + c] : 0) * wt[1])
                    + ((in10 ? source[p + stride + c] : 0) * wt[2]) + ((in11 ? source[p + stride + 3 + c] : 0) * wt[3]);
            }
        }
    }

    /// <summary>Warps a single-channel float image with a zero border (masks).</summary>
    public static void Plane(float[] source, int sourceWidth, int sourceHeight, AffineMatrix sourceToDestination, float[] destination, int destinationWidth, int destinationHeight, int originX, int originY)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Length < (long)sourceWidth * sourceHeight || destination.Length < (long)destinationWidth * destinationHeight)
        {
            throw new ArgumentException("A buffer is smaller than its stated size.");
        }

        var sampling = new WarpSampling(sourceToDestination.Invert(), originX, destinationWidth);
        ForRows(destinationHeight, destinationWidth, y => PlaneRow(source, sourceWidth, sourceHeight, sampling, originY + y, destination.AsSpan(y * destinationWidth, destinationWidth)));
    }

    /// <summary>
    /// The warp of a <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/> image of ones with a zero border,
    /// i.e. <see cref="Plane"/> of ones without reading a source: how much of each pixel's footprint the warped
    /// rectangle covers (paste-back's face mask).
    /// </summary>
    internal static void Coverage(int sourceWidth, int sourceHeight, AffineMatrix sourceToDestination, float[] destination, int destinationWidth, int destinationHeight, int originX, int originY)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length < (long)destinationWidth * destinationHeight)
        {
            throw new ArgumentException("The destination is smaller than its stated size.", nameof(destination));
        }

        var sampling = new WarpSampling(sourceToDestination.Invert(), originX, destinationWidth);
        for (int y = 0; y < destinationHeight; y++)
        {
            CoverageRow(sourceWidth, sourceHeight, sampling, originY + y, destination.AsSpan(y * destinationWidth, destinationWidth));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PlaneRow(float[] source, int w, int h, WarpSampling sampling, int canvasY, Span<float> destination)
    {
        var (rowX, rowY) = sampling.RowStart(canvasY);
        fixed (float* src = source)
        fixed (float* dst = destination)
        fixed (int* columnX = sampling.ColumnX)
        fixed (int* columnY = sampling.ColumnY)
        fixed (float* weights = BilinearWeights.Float)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                int xq = (rowX + columnX[i]) >> Shift, yq = (rowY + columnY[i]) >> Shift;
                int x = xq >> FractionBits, y = yq >> FractionBits;
                float* wt = weights + ((((yq & FractionMask) << FractionBits) | (xq & FractionMask)) * 4);
                if ((uint)x < (uint)(w - 1) && (uint)y < (uint)(h - 1))
                {
                    float* p = src + (y * w) + x;
                    dst[i] = (p[0] * wt[0]) + (p[1] * wt[1]) + (p[w] * wt[2]) + (p[w + 1] * wt[3]);
                }
                else if (x >= w || x + 1 < 0 || y >= h || y + 1 < 0)
                {
                    dst[i] = 0f;
                }
                else
                {
                    int p = (y * w) + x;
                    dst[i] = (Inside(x, y, w, h) ? src[p] * wt[0] : 0f) + (Inside(x + 1, y, w, h) ? src[p + 1] * wt[1] : 0f)
                        + (Inside(x, y + 1, w, h) ? src[p + w] * wt[2] : 0f) + (Inside(x + 1, y + 1, w, h) ? src[p + w + 1] * wt[3] : 0f);
                }
            }
        }
    }

    /// <summary>
    /// One row of <see cref="Coverage"/>. Eight pixels at a time where the vector unit allows: all four neighbours
    /// inside gives the interior value (exactly 1: the four weights are multiples of 2⁻¹⁰ that sum to 1 without
    /// rounding, which <see cref="s_interiorIsOne"/> checks), all outside gives 0; mixed groups go pixel by pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CoverageRow(int w, int h, WarpSampling sampling, int canvasY, Span<float> destination)
    {
        var (rowX, rowY) = sampling.RowStart(canvasY);
        fixed (float* dst = destination)
        fixed (int* columnX = sampling.ColumnX)
        fixed (int* columnY = sampling.ColumnY)
        fixed (float* weights = BilinearWeights.Float)
        fixed (float* interior = s_interiorCoverage)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated && s_interiorIsOne)
            {
                var lastX = Vector256.Create(w - 1);
                var lastY = Vector256.Create(h - 1);
                var minusOne = Vector256.Create(-1);
                for (; i <= destination.Length - 8; i += 8)
                {
                    var x = Vector256.ShiftRightArithmetic(Vector256.Load(columnX + i) + Vector256.Create(rowX), Shift + FractionBits);
                    var y = Vector256.ShiftRightArithmetic(Vector256.Load(columnY + i) + Vector256.Create(rowY), Shift + FractionBits);
                    var inside = Vector256.LessThan(x.AsUInt32(), lastX.AsUInt32()) & Vector256.LessThan(y.AsUInt32(), lastY.AsUInt32());
                    var outside = Vector256.GreaterThan(x, lastX) | Vector256.LessThan(x, minusOne) | Vector256.GreaterThan(y, lastY) | Vector256.LessThan(y, minusOne);
                    if (inside == Vector256<uint>.AllBitsSet)
                    {
                        Vector256<float>.One.Store(dst + i);
                    }
                    else if (outside == Vector256<int>.AllBitsSet)
                    {
                        Vector256<float>.Zero.Store(dst + i);
                    }
                    else
                    {
                        for (int k = i; k < i + 8; k++)
                        {
                            dst[k] = CoveragePixel(w, h, rowX + columnX[k], rowY + columnY[k], weights, interior);
                        }
                    }
                }
            }

            for (; i < destination.Length; i++)
            {
                dst[i] = CoveragePixel(w, h, rowX + columnX[i], rowY + columnY[i], weights, interior);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float CoveragePixel(int w, int h, int mapX, int mapY, float* weights, float* interior)
    {
        int xq = mapX >> Shift, yq = mapY >> Shift;
        int x = xq >> FractionBits, y = yq >> FractionBits;
        int fraction = ((yq & FractionMask) << FractionBits) | (xq & FractionMask);
        if ((uint)x < (uint)(w - 1) && (uint)y < (uint)(h - 1))
        {
            return interior[fraction];
        }

        if (x >= w || x + 1 < 0 || y >= h || y + 1 < 0)
        {
            return 0f;
        }

        float* wt = weights + (fraction * 4);
        return (Inside(x, y, w, h) ? wt[0] : 0f) + (Inside(x + 1, y, w, h) ? wt[1] : 0f)
            + (Inside(x, y + 1, w, h) ? wt[2] : 0f) + (Inside(x + 1, y + 1, w, h) ? wt[3] : 0f);
    }

    private static bool Inside(int x, int y, int w, int h) => (uint)x < (uint)w && (uint)y < (uint)h;

    private static unsafe int Sample(byte* src, int w, int h, int stride, int x, int y, int c, Rgb24Color border) =>
        Inside(x, y, w, h) ? src[(y * stride) + (x * 3) + c] : border[c];

    private static float[] CreateInteriorCoverage()
    {
        var table = new float[BilinearWeights.Count];
        var weights = BilinearWeights.Float;
        for (int f = 0; f < table.Length; f++)
        {
            table[f] = (1f * weights[f * 4]) + (1f * weights[(f * 4) + 1]) + (1f * weights[(f * 4) + 2]) + (1f * weights[(f * 4) + 3]);
        }

        return table;
    }

    private static void ForRows(int height, int width, Action<int> row)
    {
        if ((long)height * width < 64 * 1024)
        {
            for (int y = 0; y < height; y++)
            {
                row(y);
            }

            return;
        }

        int chunks = (height + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, chunks, chunk =>
        {
            for (int y = chunk * RowsPerTask, end = Math.Min(height, (chunk + 1) * RowsPerTask); y < end; y++)
            {
                row(y);
            }
        });
    }
}
