using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>Where each of the three 8-output vectors of a 4-pixel step loads its 16 bytes, from pixel k − 1.</summary>
    private static readonly int[] s_doublingBases = [0, 5, 9];

    /// <summary>Per vector: the pshufb controls picking C (16 bytes), then P or N (16 bytes), for its eight outputs.</summary>
    private static readonly byte[] s_doublingShuffles = CreateDoublingShuffles();

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
        PagePopulation.Populate(result.Pixels);
        ResizeInterleaved(source.Pixels, source.Width, source.Height, RgbImage.Channels, result.Pixels, width, height, scaleX, scaleY);
        return result;
    }

    public static GrayImage Resize(GrayImage source, int width, int height) => Resize(source, width, height, (double)width / source.Width, (double)height / source.Height);

    public static GrayImage Resize(GrayImage source, int width, int height, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = GrayImage.Uninitialized(width, height);
        PagePopulation.Populate(result.Pixels);
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
        bool doubling = cn == 3 && IsDoubling(columns, srcW) && Avx2.IsSupported;
        var gather = !doubling && Avx2.IsSupported ? GatherTable.For(columns, cn) : null;

        void HorizontalRow(int sy, Span<int> target, byte[]? padded)
        {
            if (doubling)
            {
                HorizontalDoubling(src, sy, srcW, padded!, target);
            }
            else if (gather is not null)
            {
                HorizontalGather(src, sy, srcW, srcH, cn, gather, padded!, target);
            }
            else
            {
                Horizontal(src, sy, srcW, cn, columns, target);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void RunRange(int start, int end)
        {
            int[] buffer = ArrayPool<int>.Shared.Rent(rowLen * 2);
            byte[]? padded = doubling || gather is not null ? ArrayPool<byte>.Shared.Rent((cn * (srcW + 2)) + 32) : null;
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
                            var swap = h0;
                            h0 = h1;
                            h1 = swap;
                        }
                        else
                        {
                            HorizontalRow(sy, h0, padded);
                        }

                        cached0 = sy;
                        cached1 = -1;
                    }

                    if (cached1 != sy1)
                    {
                        HorizontalRow(sy1, h1, padded);
                        cached1 = sy1;
                    }

                    var outRow = dst.AsSpan(dy * rowLen, rowLen);
                    Vertical(h0, h1, (short)b0, (short)b1, outRow, vectorEnd);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(buffer);
                if (padded is not null)
                {
                    ArrayPool<byte>.Shared.Return(padded);
                }
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
            if (cn == 3)
            {
                for (int dx = 0; dx < columns.Length; dx++, output += 3)
                {
                    var tap = taps[dx];
                    byte* p = row + (tap.Index * 3);
                    if (tap.W1 == 0)
                    {
                        output[0] = p[0] * tap.W0;
                        output[1] = p[1] * tap.W0;
                        output[2] = p[2] * tap.W0;
                    }
                    else
                    {
                        output[0] = (p[0] * tap.W0) + (p[3] * tap.W1);
                        output[1] = (p[1] * tap.W0) + (p[4] * tap.W1);
                        output[2] = (p[2] * tap.W0) + (p[5] * tap.W1);
                    }
                }

                return;
            }

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

    /// <summary>Per output value of a row (dx·cn + c): the byte offset of its left tap in the source row, and both weights.</summary>
    private sealed record GatherTable(int[] Offset, int[] Left, int[] Right)
    {
        public static GatherTable For((int Index, int W0, int W1)[] columns, int cn)
        {
            int n = columns.Length * cn;
            var table = new GatherTable(new int[n], new int[n], new int[n]);
            for (int dx = 0; dx < columns.Length; dx++)
            {
                for (int c = 0; c < cn; c++)
                {
                    table.Offset[(dx * cn) + c] = (columns[dx].Index * cn) + c;
                    table.Left[(dx * cn) + c] = columns[dx].W0;
                    table.Right[(dx * cn) + c] = columns[dx].W1;
                }
            }

            return table;
        }
    }

    /// <summary>
    /// The horizontal pass for any scale, eight output values at a time: one 32-bit gather at the left tap's byte
    /// brings the right tap's byte along (cn bytes further), so out = low byte·w₀ + byte cn·w₁. The word can reach
    /// up to three bytes past the row, which is the next row's, or for the last row a padded copy's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void HorizontalGather(byte[] src, int sy, int srcW, int srcH, int cn, GatherTable table, byte[] paddedRow, Span<int> dst)
    {
        int rowBytes = srcW * cn;
        if (sy == srcH - 1)
        {
            src.AsSpan(sy * rowBytes, rowBytes).CopyTo(paddedRow);
        }

        fixed (byte* source = sy == srcH - 1 ? paddedRow : src)
        fixed (int* output = dst)
        fixed (int* offset = table.Offset)
        fixed (int* left = table.Left)
        fixed (int* right = table.Right)
        {
            byte* row = sy == srcH - 1 ? source : source + ((long)sy * rowBytes);
            var lowByte = Vector256.Create(0xFF);
            int o = 0;
            for (; o <= dst.Length - 8; o += 8)
            {
                var words = Avx2.GatherVector256((int*)row, Vector256.Load(offset + o), 1);
                var sum = ((words & lowByte) * Vector256.Load(left + o)) + ((Vector256.ShiftRightLogical(words, 8 * cn) & lowByte) * Vector256.Load(right + o));
                sum.Store(output + o);
            }

            for (; o < dst.Length; o++)
            {
                byte* p = row + offset[o];
                output[o] = (p[0] * left[o]) + (right[o] == 0 ? 0 : p[cn] * right[o]);
            }
        }
    }

    /// <summary>Whether the column taps are exactly 2×'s: (512, 1536) from the left neighbour, then (1536, 512), clamped at both ends.</summary>
    private static bool IsDoubling((int Index, int W0, int W1)[] columns, int srcW)
    {
        if (srcW < 2 || columns.Length != 2 * srcW)
        {
            return false;
        }

        for (int k = 0; k < srcW; k++)
        {
            var even = k == 0 ? (0, WeightScale, 0) : (k - 1, WeightScale / 4, 3 * WeightScale / 4);
            var odd = k == srcW - 1 ? (k, WeightScale, 0) : (k, 3 * WeightScale / 4, WeightScale / 4);
            if (columns[2 * k] != even || columns[(2 * k) + 1] != odd)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The horizontal pass for exact 2× RGB: source pixel k gives 1536·C + 512·P and 1536·C + 512·N, i.e.
    /// (3·C + P) &lt;&lt; 9 and (3·C + N) &lt;&lt; 9, with C the pixel and P, N its neighbours. Clamping at the ends
    /// (2048·C) is the same formula with the edge pixel repeated, so the row is padded with one pixel each side.
    /// Four source pixels (24 outputs) per step: byte shuffles pick C and P/N for eight outputs at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void HorizontalDoubling(byte[] src, int sy, int srcW, byte[] paddedRow, Span<int> dst)
    {
        int rowBytes = srcW * 3;
        var row = src.AsSpan(sy * rowBytes, rowBytes);
        row[..3].CopyTo(paddedRow);
        row.CopyTo(paddedRow.AsSpan(3));
        row[^3..].CopyTo(paddedRow.AsSpan(3 + rowBytes));
        fixed (byte* padded = paddedRow)
        fixed (int* output = dst)
        fixed (byte* shuffles = s_doublingShuffles)
        {
            int k = 0;
            for (; k <= srcW - 4; k += 4)
            {
                // Bytes from pixel k − 1 on; outputs 24k … 24k + 23.
                byte* p = padded + (3 * k);
                int* o = output + (6 * k);
                for (int v = 0; v < 3; v++)
                {
                    var window = Vector128.Load(p + s_doublingBases[v]);
                    var centre = Avx2.ConvertToVector256Int32(Ssse3.Shuffle(window, Vector128.Load(shuffles + (32 * v))));
                    var neighbour = Avx2.ConvertToVector256Int32(Ssse3.Shuffle(window, Vector128.Load(shuffles + (32 * v) + 16)));
                    (((centre * 3) + neighbour) << 9).Store(o + (8 * v));
                }
            }

            for (; k < srcW; k++)
            {
                byte* previous = padded + (3 * k);
                int* o = output + (6 * k);
                for (int c = 0; c < 3; c++)
                {
                    o[c] = ((3 * previous[3 + c]) + previous[c]) << 9;
                    o[3 + c] = ((3 * previous[3 + c]) + previous[6 + c]) << 9;
                }
            }
        }
    }

    private static byte[] CreateDoublingShuffles()
    {
        var table = new byte[3 * 32];
        table.AsSpan().Fill(0x80);
        for (int v = 0; v < 3; v++)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                // Output o of the step: pixel j = o / 6, channel c, from its left (P) or right (N) half.
                int o = (8 * v) + lane, j = o / 6, t = o % 6, c = t % 3;
                int centre = (3 * (j + 1)) + c;
                int neighbour = t < 3 ? (3 * j) + c : (3 * (j + 2)) + c;
                table[(32 * v) + lane] = (byte)(centre - s_doublingBases[v]);
                table[(32 * v) + 16 + lane] = (byte)(neighbour - s_doublingBases[v]);
            }
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vertical(ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, short b0, short b1, Span<byte> dst, int vectorEnd)
    {
        // OpenCV's vector path: (mulhi(s0 >> 4, b0) + mulhi(s1 >> 4, b1) + 2) >> 2. The shifted sums fit in 16 bits
        // (255·2049 >> 4 = 32655, the weights summing to 2048 ± 1 after rounding), so 32-bit lanes give the same high
        // halves; the results then lie in 0…255 ((32655·2049 >> 16) + 2 >> 2 = 255) without clamping, and narrowing
        // four int vectors into one byte vector loses nothing.
        int x = 0;
        int lanes = Vector<int>.Count;
        fixed (int* top = s0)
        fixed (int* bottom = s1)
        fixed (byte* output = dst)
        {
            if (Vector.IsHardwareAccelerated)
            {
                var beta0 = new Vector<int>(b0);
                var beta1 = new Vector<int>(b1);
                for (; x <= vectorEnd - (4 * lanes); x += 4 * lanes)
                {
                    var low = Vector.Narrow(VerticalLanes(top + x, bottom + x, beta0, beta1), VerticalLanes(top + x + lanes, bottom + x + lanes, beta0, beta1));
                    var high = Vector.Narrow(VerticalLanes(top + x + (2 * lanes), bottom + x + (2 * lanes), beta0, beta1), VerticalLanes(top + x + (3 * lanes), bottom + x + (3 * lanes), beta0, beta1));
                    Vector.Store(Vector.Narrow(Vector.AsVectorUInt16(low), Vector.AsVectorUInt16(high)), output + x);
                }
            }

            for (; x < vectorEnd; x++)
            {
                int a = MulHigh(PackShort(top[x] >> 4), b0) + MulHigh(PackShort(bottom[x] >> 4), b1);
                output[x] = (byte)Math.Clamp((a + 2) >> 2, 0, 255);
            }

            for (; x < dst.Length; x++)
            {
                int v = ((top[x] * b0) + (bottom[x] * b1) + (1 << 21)) >> 22;
                output[x] = (byte)Math.Clamp(v, 0, 255);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<int> VerticalLanes(int* top, int* bottom, Vector<int> beta0, Vector<int> beta1)
    {
        var a = Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(Vector.Load(top), 4) * beta0, 16)
            + Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(Vector.Load(bottom), 4) * beta1, 16);
        return Vector.ShiftRightArithmetic(a + new Vector<int>(2), 2);
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
