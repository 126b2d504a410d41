using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;

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
        var result = RgbImage.Uninitialized(width, height);
        ResizeInterleaved(source.Pixels, source.Width, source.Height, RgbImage.Channels, result.Pixels, width, height, scaleX, scaleY);
        return result;
    }

    public static GrayImage Resize(GrayImage source, int width, int height) => Resize(source, width, height, (double)width / source.Width, (double)height / source.Height);

    public static GrayImage Resize(GrayImage source, int width, int height, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = GrayImage.Uninitialized(width, height);
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

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Horizontal(byte[] src, int sy, int srcW, int cn, (int Index, int W0, int W1)[] columns, Span<int> dst)
    {
        fixed (byte* srcBase = src)
        fixed (int* outBase = dst)
        fixed ((int Index, int W0, int W1)* taps = columns)
        {
            byte* row = srcBase + ((long)sy * srcW * cn);
            int* output = outBase;
            for (int dx = 0; dx < columns.Length; dx++, output += cn)
            {
                var tap = taps[dx];
                byte* p = row + (tap.Index * cn);
                if (tap.W1 == 0)
                {
                    for (int c = 0; c < cn; c++)
                    {
                        output[c] = p[c] * tap.W0;
                    }
                }
                else
                {
                    for (int c = 0; c < cn; c++)
                    {
                        output[c] = (p[c] * tap.W0) + (p[cn + c] * tap.W1);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vertical(ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, short b0, short b1, Span<byte> dst, int vectorEnd)
    {
        // OpenCV's vector path: (mulhi(s0 >> 4, b0) + mulhi(s1 >> 4, b1) + 2) >> 2. The shifted sums fit in 16 bits
        // (255·2048 >> 4 = 32640), so 32-bit lanes give the same high halves.
        int x = 0;
        var beta0 = new Vector<int>(b0);
        var beta1 = new Vector<int>(b1);
        var two = new Vector<int>(2);
        var zero = Vector<int>.Zero;
        var max = new Vector<int>(255);
        Span<int> lanes = stackalloc int[Vector<int>.Count];
        for (; x <= vectorEnd - Vector<int>.Count; x += Vector<int>.Count)
        {
            var a = Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(new Vector<int>(s0.Slice(x)), 4) * beta0, 16)
                + Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(new Vector<int>(s1.Slice(x)), 4) * beta1, 16);
            Vector.Min(Vector.Max(Vector.ShiftRightArithmetic(a + two, 2), zero), max).CopyTo(lanes);
            for (int i = 0; i < lanes.Length; i++)
            {
                dst[x + i] = (byte)lanes[i];
            }
        }

        for (; x < vectorEnd; x++)
        {
            int a = MulHigh(PackShort(s0[x] >> 4), b0) + MulHigh(PackShort(s1[x] >> 4), b1);
            dst[x] = (byte)Math.Clamp((a + 2) >> 2, 0, 255);
        }

        for (; x < dst.Length; x++)
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
