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
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var map = sourceToDestination.Invert();
        ForRows(destination.Height, destination.Width, (y, sx, sy, fx, fy) =>
        {
            WarpSampling.Row(map, originY + y, originX, sx, sy, fx, fy);
            var dst = destination.Row(y);
            byte[] src = source.Pixels;
            int w = source.Width, h = source.Height, stride = source.Stride;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                int a = fx[i], b = fy[i];
                int w00 = (32 - b) * (32 - a) * 32, w01 = (32 - b) * a * 32, w10 = b * (32 - a) * 32, w11 = b * a * 32;
                int o = i * 3;
                if ((uint)x < (uint)(w - 1) && (uint)yy < (uint)(h - 1))
                {
                    int p = (yy * stride) + (x * 3);
                    for (int c = 0; c < 3; c++)
                    {
                        int v = (src[p + c] * w00) + (src[p + 3 + c] * w01) + (src[p + stride + c] * w10) + (src[p + stride + 3 + c] * w11);
                        dst[o + c] = (byte)((v + (1 << 14)) >> 15);
                    }
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
                        int v = (Sample(src, w, h, stride, x, yy, c, border) * w00) + (Sample(src, w, h, stride, x + 1, yy, c, border) * w01)
                            + (Sample(src, w, h, stride, x, yy + 1, c, border) * w10) + (Sample(src, w, h, stride, x + 1, yy + 1, c, border) * w11);
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
        var map = sourceToDestination.Invert();
        int stride = sourceWidth * 3;
        ForRows(destinationHeight, destinationWidth, (y, sx, sy, fx, fy) =>
        {
            WarpSampling.Row(map, originY + y, originX, sx, sy, fx, fy);
            int rowStart = y * destinationWidth * 3;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                float a = fx[i] / 32f, b = fy[i] / 32f;
                float w00 = (1f - b) * (1f - a), w01 = (1f - b) * a, w10 = b * (1f - a), w11 = b * a;
                bool in00 = Inside(x, yy, sourceWidth, sourceHeight), in01 = Inside(x + 1, yy, sourceWidth, sourceHeight);
                bool in10 = Inside(x, yy + 1, sourceWidth, sourceHeight), in11 = Inside(x + 1, yy + 1, sourceWidth, sourceHeight);
                int p = (yy * stride) + (x * 3);
                for (int c = 0; c < 3; c++)
                {
                    double v = ((in00 ? source[p + c] : 0) * w00) + ((in01 ? source[p + 3 + c] : 0) * w01)
                        + ((in10 ? source[p + stride + c] : 0) * w10) + ((in11 ? source[p + stride + 3 + c] : 0) * w11);
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
        var map = sourceToDestination.Invert();
        ForRows(destinationHeight, destinationWidth, (y, sx, sy, fx, fy) =>
        {
            WarpSampling.Row(map, originY + y, originX, sx, sy, fx, fy);
            int rowStart = y * destinationWidth;
            for (int i = 0; i < sx.Length; i++)
            {
                int x = sx[i], yy = sy[i];
                float value;
                if (x >= sourceWidth || x + 1 < 0 || yy >= sourceHeight || yy + 1 < 0)
                {
                    value = 0f;
                }
                else
                {
                    float a = fx[i] / 32f, b = fy[i] / 32f;
                    float w00 = (1f - b) * (1f - a), w01 = (1f - b) * a, w10 = b * (1f - a), w11 = b * a;
                    int p = (yy * sourceWidth) + x;
                    value = (Inside(x, yy, sourceWidth, sourceHeight) ? source[p] * w00 : 0f) + (Inside(x + 1, yy, sourceWidth, sourceHeight) ? source[p + 1] * w01 : 0f)
                        + (Inside(x, yy + 1, sourceWidth, sourceHeight) ? source[p + sourceWidth] * w10 : 0f) + (Inside(x + 1, yy + 1, sourceWidth, sourceHeight) ? source[p + sourceWidth + 1] * w11 : 0f);
                }

                destination[rowStart + i] = value;
            }
        });
    }

    private static bool Inside(int x, int y, int w, int h) => (uint)x < (uint)w && (uint)y < (uint)h;

    private static int Sample(byte[] src, int w, int h, int stride, int x, int y, int c, Rgb24Color border) =>
        Inside(x, y, w, h) ? src[(y * stride) + (x * 3) + c] : border[c];

    private delegate void RowAction(int y, Span<int> sx, Span<int> sy, Span<byte> fx, Span<byte> fy);

    private static void ForRows(int height, int width, RowAction action)
    {
        void RunRange(int start, int end)
        {
            int[] ints = ArrayPool<int>.Shared.Rent(width * 2);
            byte[] bytes = ArrayPool<byte>.Shared.Rent(width * 2);
            try
            {
                var sx = ints.AsSpan(0, width);
                var sy = ints.AsSpan(width, width);
                var fx = bytes.AsSpan(0, width);
                var fy = bytes.AsSpan(width, width);
                for (int y = start; y < end; y++)
                {
                    action(y, sx, sy, fx, fy);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(ints);
                ArrayPool<byte>.Shared.Return(bytes);
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
