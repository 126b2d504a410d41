using System.Runtime.CompilerServices;
using System.Buffers;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Bilinear affine warps with a constant border, bit-compatible with OpenCV's <c>warpAffine</c> (INTER_LINEAR,
/// BORDER_CONSTANT). The destination is a window of a larger canvas, so callers can warp onto just the region a
/// face covers: destination pixel (i, j) is canvas pixel (originX + i, originY + j).
/// </summary>
public static class AffineWarp
{
    private const int RowsPerTask = 16;

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
        int w = source.Width, h = source.Height, stride = source.Stride;
        ForRows(destinationHeight, destinationWidth, sampling, originY, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y, sx, sy, fraction) =>
        {
            var dst = destination.AsSpan(y * destinationWidth * 3, destinationWidth * 3);
            ReadOnlySpan<byte> src = source.Pixels;
            ReadOnlySpan<int> weights = BilinearWeights.Fixed;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                var wt = weights.Slice(fraction[i] * 4, 4);
                int o = i * 3;
                if ((uint)x < (uint)(w - 1) && (uint)yy < (uint)(h - 1))
                {
                    int p = (yy * stride) + (x * 3);
                    var top = src.Slice(p, 6);
                    var bottom = src.Slice(p + stride, 6);
                    dst[o] = (byte)(((top[0] * wt[0]) + (top[3] * wt[1]) + (bottom[0] * wt[2]) + (bottom[3] * wt[3]) + (1 << 14)) >> 15);
                    dst[o + 1] = (byte)(((top[1] * wt[0]) + (top[4] * wt[1]) + (bottom[1] * wt[2]) + (bottom[4] * wt[3]) + (1 << 14)) >> 15);
                    dst[o + 2] = (byte)(((top[2] * wt[0]) + (top[5] * wt[1]) + (bottom[2] * wt[2]) + (bottom[5] * wt[3]) + (1 << 14)) >> 15);
                }
                else if (x >= w || x + 1 < 0 || yy >= h || yy + 1 < 0)
                {
                    dst[o] = border.R;
                    dst[o + 1] = border.G;
                    dst[o + 2] = border.B;
                }
                else
                {
                    for (int c = 0; c < 3; c++)
                    {
                        int v = (Sample(src, w, h, stride, x, yy, c, border) * wt[0]) + (Sample(src, w, h, stride, x + 1, yy, c, border) * wt[1])
                            + (Sample(src, w, h, stride, x, yy + 1, c, border) * wt[2]) + (Sample(src, w, h, stride, x + 1, yy + 1, c, border) * wt[3]);
                        dst[o + c] = (byte)Math.Clamp((v + (1 << 14)) >> 15, 0, 255);
                    }
                }
            }
        });
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
        int stride = sourceWidth * 3;
        ForRows(destinationHeight, destinationWidth, sampling, originY, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y, sx, sy, fraction) =>
        {
            int rowStart = y * destinationWidth * 3;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                var wt = BilinearWeights.Float.AsSpan(fraction[i] * 4, 4);
                bool in00 = Inside(x, yy, sourceWidth, sourceHeight), in01 = Inside(x + 1, yy, sourceWidth, sourceHeight);
                bool in10 = Inside(x, yy + 1, sourceWidth, sourceHeight), in11 = Inside(x + 1, yy + 1, sourceWidth, sourceHeight);
                int p = (yy * stride) + (x * 3);
                for (int c = 0; c < 3; c++)
                {
                    double v = ((in00 ? source[p + c] : 0) * wt[0]) + ((in01 ? source[p + 3 + c] : 0) * wt[1])
                        + ((in10 ? source[p + stride + c] : 0) * wt[2]) + ((in11 ? source[p + stride + 3 + c] : 0) * wt[3]);
                    destination[rowStart + (i * 3) + c] = v;
                }
            }
        });
    }

    /// <summary>Warps a single-channel float image with a zero border (masks).</summary>
    public static void Plane(float[] source, int sourceWidth, int sourceHeight, AffineMatrix sourceToDestination, float[] destination, int destinationWidth, int destinationHeight, int originX, int originY)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sampling = new WarpSampling(sourceToDestination.Invert(), originX, destinationWidth);
        ForRows(destinationHeight, destinationWidth, sampling, originY, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y, sx, sy, fraction) =>
        {
            var dst = destination.AsSpan(y * destinationWidth, destinationWidth);
            ReadOnlySpan<float> weights = BilinearWeights.Float;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                if (x >= sourceWidth || x + 1 < 0 || yy >= sourceHeight || yy + 1 < 0)
                {
                    dst[i] = 0f;
                    continue;
                }

                var wt = weights.Slice(fraction[i] * 4, 4);
                int p = (yy * sourceWidth) + x;
                dst[i] = (Inside(x, yy, sourceWidth, sourceHeight) ? source[p] * wt[0] : 0f) + (Inside(x + 1, yy, sourceWidth, sourceHeight) ? source[p + 1] * wt[1] : 0f)
                    + (Inside(x, yy + 1, sourceWidth, sourceHeight) ? source[p + sourceWidth] * wt[2] : 0f) + (Inside(x + 1, yy + 1, sourceWidth, sourceHeight) ? source[p + sourceWidth + 1] * wt[3] : 0f);
            }
        });
    }

    private static bool Inside(int x, int y, int w, int h) => (uint)x < (uint)w && (uint)y < (uint)h;

    private static int Sample(ReadOnlySpan<byte> src, int w, int h, int stride, int x, int y, int c, Rgb24Color border) =>
        Inside(x, y, w, h) ? src[(y * stride) + (x * 3) + c] : border[c];

    private delegate void RowAction(int y, ReadOnlySpan<int> sx, ReadOnlySpan<int> sy, ReadOnlySpan<int> fraction);

    private static void ForRows(int height, int width, WarpSampling sampling, int originY, RowAction action)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void RunRange(int start, int end)
        {
            int[] buffer = ArrayPool<int>.Shared.Rent(width * 3);
            try
            {
                var sx = buffer.AsSpan(0, width);
                var sy = buffer.AsSpan(width, width);
                var fraction = buffer.AsSpan(2 * width, width);
                for (int y = start; y < end; y++)
                {
                    sampling.Row(originY + y, sx, sy, fraction);
                    action(y, sx, sy, fraction);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(buffer);
            }
        }

        if ((long)height * width < 64 * 1024)
        {
            RunRange(0, height);
            return;
        }

        int chunks = (height + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, chunks, chunk => RunRange(chunk * RowsPerTask, Math.Min(height, (chunk + 1) * RowsPerTask)));
    }
}
