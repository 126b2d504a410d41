using System.Buffers;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Bilinear resizing of 8-bit images, compatible with OpenCV's <c>resize</c> (INTER_LINEAR) as the official
/// pipeline uses it: half-pixel centres, 11-bit fixed-point weights, and the vectorised vertical pass's rounding
/// (which drops 4 low bits before the high-half multiply) for all but each row's scalar tail.
/// </summary>
public static class BilinearResize
{
    private const int WeightBits = 11;
    private const int WeightScale = 1 << WeightBits;
    private const int RowsPerTask = 32;

    /// <summary>Resizes to <paramref name="width"/>×<paramref name="height"/> (scale = destination / source size).</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Resize(source, width, height, (double)width / source.Width, (double)height / source.Height);
    }

    /// <summary>
    /// Resizes with explicit scale factors, as <c>cv2.resize(img, (0, 0), fx=f, fy=f)</c> does, where the mapping
    /// uses f itself rather than the rounded size ratio.
    /// </summary>
    public static RgbImage Resize(RgbImage source, int width, int height, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new RgbImage(width, height);
        ResizeInterleaved(source.Pixels, source.Width, source.Height, RgbImage.Channels, result.Pixels, width, height, scaleX, scaleY);
        return result;
    }

    public static GrayImage Resize(GrayImage source, int width, int height) => Resize(source, width, height, (double)width / source.Width, (double)height / source.Height);

    public static GrayImage Resize(GrayImage source, int width, int height, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new GrayImage(width, height);
        ResizeInterleaved(source.Pixels, source.Width, source.Height, 1, result.Pixels, width, height, scaleX, scaleY);
        return result;
    }

    /// <summary>The size <c>cv2.resize(img, (0, 0), fx=f, fy=f)</c> produces: each side times f, rounded half to even.</summary>
    public static (int Width, int Height) ScaledSize(int width, int height, double factor) =>
        (Math.Max(1, (int)Math.Round(width * factor, MidpointRounding.ToEven)), Math.Max(1, (int)Math.Round(height * factor, MidpointRounding.ToEven)));

    internal static void ResizeInterleaved(byte[] src, int srcW, int srcH, int cn, byte[] dst, int dstW, int dstH, double scaleX, double scaleY)
    {
        var columns = Taps(dstW, srcW, 1.0 / scaleX);
        var rows = Taps(dstH, srcH, 1.0 / scaleY);
        int rowLen = dstW * cn;
        int vectorEnd = VectorisedLength(rowLen);

        void RunRange(int start, int end)
        {
            int[] buffer = ArrayPool<int>.Shared.Rent(rowLen * 2);
            try
            {
                var h0 = buffer.AsSpan(0, rowLen);
                var h1 = buffer.AsSpan(rowLen, rowLen);
                int cached0 = -1, cached1 = -1;
                for (int dy = start; dy < end; dy++)
                {
                    var (sy, b0, b1) = rows[dy];
                    int sy1 = Math.Min(sy + 1, srcH - 1);
                    if (cached0 != sy)
                    {
                        if (cached1 == sy)
                        {
                            h1.CopyTo(h0);
                        }
                        else
                        {
                            Horizontal(src, sy, srcW, cn, columns, h0);
                        }

                        cached0 = sy;
                        cached1 = -1;
                    }

                    if (cached1 != sy1)
                    {
                        Horizontal(src, sy1, srcW, cn, columns, h1);
                        cached1 = sy1;
                    }

                    var outRow = dst.AsSpan(dy * rowLen, rowLen);
                    Vertical(h0, h1, (short)b0, (short)b1, outRow, vectorEnd);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(buffer);
            }
        }

        if ((long)dstW * dstH < 128 * 1024)
        {
            RunRange(0, dstH);
            return;
        }

        int chunks = (dstH + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, chunks, c => RunRange(c * RowsPerTask, Math.Min(dstH, (c + 1) * RowsPerTask)));
    }

    /// <summary>Source index and fixed-point weights per destination index along one axis.</summary>
    private static (int Index, int W0, int W1)[] Taps(int dstLen, int srcLen, double scale)
    {
        var taps = new (int, int, int)[dstLen];
        for (int d = 0; d < dstLen; d++)
        {
            float f = (float)(((d + 0.5) * scale) - 0.5);
            int s = (int)Math.Floor(f);
            f -= s;
            if (s < 0)
            {
                f = 0;
                s = 0;
            }

            if (s >= srcLen - 1)
            {
                f = 0;
                s = srcLen - 1;
            }

            int w0 = (int)Math.Round((1f - f) * WeightScale, MidpointRounding.ToEven);
            int w1 = (int)Math.Round(f * WeightScale, MidpointRounding.ToEven);
            taps[d] = (s, w0, w1);
        }

        return taps;
    }

    private static void Horizontal(byte[] src, int sy, int srcW, int cn, (int Index, int W0, int W1)[] columns, Span<int> dst)
    {
        int rowStart = sy * srcW * cn;
        for (int dx = 0; dx < columns.Length; dx++)
        {
            var (sx, w0, w1) = columns[dx];
            int p = rowStart + (sx * cn);
            int o = dx * cn;
            if (w1 == 0)
            {
                for (int c = 0; c < cn; c++)
                {
                    dst[o + c] = src[p + c] * w0;
                }
            }
            else
            {
                for (int c = 0; c < cn; c++)
                {
                    dst[o + c] = (src[p + c] * w0) + (src[p + cn + c] * w1);
                }
            }
        }
    }

    private static void Vertical(ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, short b0, short b1, Span<byte> dst, int vectorEnd)
    {
        for (int x = 0; x < vectorEnd; x++)
        {
            int a = MulHigh(PackShort(s0[x] >> 4), b0) + MulHigh(PackShort(s1[x] >> 4), b1);
            dst[x] = (byte)Math.Clamp((a + 2) >> 2, 0, 255);
        }

        for (int x = vectorEnd; x < dst.Length; x++)
        {
            int v = ((s0[x] * b0) + (s1[x] * b1) + (1 << 21)) >> 22;
            dst[x] = (byte)Math.Clamp(v, 0, 255);
        }
    }

    private static short PackShort(int v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);

    private static int MulHigh(short a, short b) => (a * b) >> 16;

    /// <summary>How much of a row OpenCV's 128-bit vector loops cover: blocks of 16 while they fit, then of 8 while strictly inside.</summary>
    private static int VectorisedLength(int rowLen)
    {
        int x = 0;
        while (x <= rowLen - 16)
        {
            x += 16;
        }

        while (x < rowLen - 8)
        {
            x += 8;
        }

        return x;
    }
}
