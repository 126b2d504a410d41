using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Separable Gaussian blur of a mask with OpenCV's default border (reflect-101). Masks are flat almost
/// everywhere (0 outside the face, 1 inside), so along each row a window holding a single value takes that
/// value's precomputed response and only the runs of windows across an edge are convolved; down the columns
/// likewise, per column. Every convolved value sums its taps in the same order as the plain definition, so the
/// shortcuts change nothing.
/// </summary>
internal static class GaussianBlur
{
    public static FloatPlane Apply(FloatPlane source, int size)
    {
        ArgumentNullException.ThrowIfNull(source);
        var kernel = GaussianKernel.ForSize(size);
        var result = FloatPlane.Uninitialized(source.Width, source.Height);
        if (size == 1)
        {
            // A one-tap kernel is [1]: the blur is the identity.
            source.Values.CopyTo(result.Values);
            return result;
        }

        using var rows = HorizontalPass(source, kernel);
        VerticalPass(rows, kernel, result);
        return result;
    }

    internal static int Reflect101(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        while ((uint)i >= (uint)n)
        {
            i = i < 0 ? -i : (2 * n) - 2 - i;
        }

        return i;
    }

    /// <summary>Each row convolved left to right, taps accumulated in order: acc = Σ kᵢ·x[x − r + i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe FloatPlane HorizontalPass(FloatPlane source, float[] kernel)
    {
        int w = source.Width, r = kernel.Length / 2;
        float onesResponse = 0f;
        foreach (float k in kernel)
        {
            onesResponse += k;
        }

        var result = FloatPlane.Uninitialized(w, source.Height);
        float[] paddedBuffer = ArrayPool<float>.Shared.Rent(w + (2 * r));
        try
        {
            fixed (float* padded = paddedBuffer)
            fixed (float* taps = kernel)
            {
                for (int y = 0; y < source.Height; y++)
                {
                    ReadOnlySpan<float> input = source.Row(y);
                    if (!FloatSearch.ContainsAnyExcept(input, 0f))
                    {
                        result.Row(y).Clear();
                        continue;
                    }

                    for (int i = 0; i < r; i++)
                    {
                        padded[i] = input[r < w ? r - i : Reflect101(i - r, w)];
                        padded[r + w + i] = input[r < w - 1 ? w - 2 - i : Reflect101(w + i, w)];
                    }

                    input.CopyTo(new Span<float>(padded + r, w));
                    fixed (float* output = result.Row(y))
                    {
                        // Windows inside one run of 0s or of 1s take that run's response; the rest are convolved.
                        int done = 0, run = 0;
                        while (run < w)
                        {
                            float value = input[run];
                            int end = value == 0f || value == 1f ? FloatSearch.IndexOfAnyExcept(input[run..], value) : 1;
                            end = end <= 0 ? (end < 0 ? w : run + 1) : run + end;
                            int flatStart = run + r, flatEnd = end - r;
                            if (flatStart < flatEnd && (value == 0f || value == 1f))
                            {
                                ConvolveRow(padded, taps, kernel.Length, output, done, flatStart);
                                FloatKernels.Fill(new Span<float>(output + flatStart, flatEnd - flatStart), value == 0f ? 0f : onesResponse);
                                done = flatEnd;
                            }

                            run = end;
                        }

                        ConvolveRow(padded, taps, kernel.Length, output, done, w);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(paddedBuffer);
        }

        return result;
    }

    /// <summary>
    /// output[x] = ((0 + k₀·p[x]) + k₁·p[x + 1]) + … for x in [start, end), four vectors of x at a time (independent
    /// sums, so the adds overlap); a ragged end is one more vector ending at <paramref name="end"/>, which recomputes
    /// some outputs to the same values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ConvolveRow(float* padded, float* kernel, int taps, float* output, int start, int end)
    {
        int lanes = Vector<float>.Count, x = start;
        for (; x <= end - (4 * lanes); x += 4 * lanes)
        {
            Vector<float> a = Vector<float>.Zero, b = a, c = a, d = a;
            float* p = padded + x;
            for (int i = 0; i < taps; i++, p++)
            {
                var k = new Vector<float>(kernel[i]);
                a += Vector.Load(p) * k;
                b += Vector.Load(p + lanes) * k;
                c += Vector.Load(p + (2 * lanes)) * k;
                d += Vector.Load(p + (3 * lanes)) * k;
            }

            a.Store(output + x);
            b.Store(output + x + lanes);
            c.Store(output + x + (2 * lanes));
            d.Store(output + x + (3 * lanes));
        }

        for (; x < end; x += lanes)
        {
            if (end - start < lanes)
            {
                for (; x < end; x++)
                {
                    float sum = 0f;
                    for (int i = 0; i < taps; i++)
                    {
                        sum += padded[x + i] * kernel[i];
                    }

                    output[x] = sum;
                }

                break;
            }

            x = Math.Min(x, end - lanes);
            var acc = Vector<float>.Zero;
            for (int i = 0; i < taps; i++)
            {
                acc += Vector.Load(padded + x + i) * kernel[i];
            }

            acc.Store(output + x);
        }
    }

    /// <summary>
    /// Columns convolved the way OpenCV's symmetric column filter sums: centre tap, then mirrored pairs. A column
    /// whose window holds only 0s, or only the rows' ones-response, takes that value's result directly: per column,
    /// the last row so far that is not 0 (not the ones-response) tells whether the window reaches one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VerticalPass(FloatPlane source, float[] kernel, FloatPlane result)
    {
        int w = source.Width, h = source.Height, r = kernel.Length / 2;
        float rowOnes = 0f;
        foreach (float k in kernel)
        {
            rowOnes += k;
        }

        float onesResponse = rowOnes * kernel[r];
        for (int k = 1; k <= r; k++)
        {
            onesResponse += (rowOnes + rowOnes) * kernel[r + k];
        }

        int ranges = (long)w * h > 200_000 ? Math.Min(Environment.ProcessorCount, 4) : 1;
        int rowsPerRange = (h + ranges - 1) / ranges;
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = ranges }, range =>
            VerticalRows(source, kernel, result, rowOnes, onesResponse, range * rowsPerRange, Math.Min(h, (range + 1) * rowsPerRange)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VerticalRows(FloatPlane source, float[] kernel, FloatPlane result, float rowOnes, float onesResponse, int start, int end)
    {
        int w = source.Width, h = source.Height, r = kernel.Length / 2, lanes = Vector<float>.Count;
        int[] buffer = ArrayPool<int>.Shared.Rent((2 * w) + kernel.Length);
        try
        {
            fixed (float* input = source.Buffer)
            fixed (float* output = result.Buffer)
            fixed (float* taps = kernel)
            fixed (int* state = buffer)
            {
                int* lastNotZero = state, lastNotOnes = state + w, rowOffset = state + (2 * w);
                new Span<int>(state, 2 * w).Fill(-1);
                int added = Math.Max(0, start - r) - 1;
                for (int y = start; y < end; y++)
                {
                    int lo = Math.Max(0, y - r), hi = Math.Min(h - 1, y + r);
                    while (added < hi)
                    {
                        added++;
                        NoteRow(input + ((long)added * w), w, added, rowOnes, lastNotZero, lastNotOnes);
                    }

                    for (int k = -r; k <= r; k++)
                    {
                        rowOffset[r + k] = Reflect101(y + k, h) * w;
                    }

                    float* outRow = output + ((long)y * w);
                    if (w < lanes)
                    {
                        ConvolveColumns(input, rowOffset, taps, r, outRow, 0, w);
                        continue;
                    }

                    // Chunks of columns whose windows are all flat take their value; runs of the rest are convolved.
                    var low = new Vector<int>(lo);
                    var ones = new Vector<float>(onesResponse);
                    int pending = -1;
                    for (int x = 0; x < w; x += lanes)
                    {
                        int cx = Math.Min(x, w - lanes);
                        var notZero = Vector.GreaterThanOrEqual(Vector.Load(lastNotZero + cx), low);
                        var notOnes = Vector.GreaterThanOrEqual(Vector.Load(lastNotOnes + cx), low);
                        if ((notZero & notOnes) == Vector<int>.Zero)
                        {
                            if (pending >= 0)
                            {
                                ConvolveColumns(input, rowOffset, taps, r, outRow, pending, cx);
                                pending = -1;
                            }

                            Vector.ConditionalSelect(notZero, ones, Vector<float>.Zero).Store(outRow + cx);
                        }
                        else if (pending < 0)
                        {
                            pending = cx;
                        }
                    }

                    if (pending >= 0)
                    {
                        ConvolveColumns(input, rowOffset, taps, r, outRow, pending, w);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>Records row <paramref name="y"/> in the per-column "last row not 0 / not the ones-response".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void NoteRow(float* row, int w, int y, float rowOnes, int* lastNotZero, int* lastNotOnes)
    {
        int x = 0, lanes = Vector<float>.Count;
        var index = new Vector<int>(y);
        var ones = new Vector<float>(rowOnes);
        for (; x <= w - lanes; x += lanes)
        {
            var v = Vector.Load(row + x);
            Vector.ConditionalSelect(Vector.Equals(v, Vector<float>.Zero), Vector.Load(lastNotZero + x), index).Store(lastNotZero + x);
            Vector.ConditionalSelect(Vector.Equals(v, ones), Vector.Load(lastNotOnes + x), index).Store(lastNotOnes + x);
        }

        for (; x < w; x++)
        {
            if (row[x] != 0f)
            {
                lastNotZero[x] = y;
            }

            if (row[x] != rowOnes)
            {
                lastNotOnes[x] = y;
            }
        }
    }

    /// <summary>
    /// output[x] = ((k_r·s[y]) + k_{r+1}·(s[y+1] + s[y−1])) + … for x in [start, end), four vectors of x at a time;
    /// a ragged end is one more vector ending at <paramref name="end"/> (same values recomputed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ConvolveColumns(float* input, int* rowOffset, float* kernel, int r, float* output, int start, int end)
    {
        int lanes = Vector<float>.Count, x = start;
        for (; x <= end - (4 * lanes); x += 4 * lanes)
        {
            float* centre = input + rowOffset[r] + x;
            var kc = new Vector<float>(kernel[r]);
            Vector<float> a = Vector.Load(centre) * kc, b = Vector.Load(centre + lanes) * kc;
            Vector<float> c = Vector.Load(centre + (2 * lanes)) * kc, d = Vector.Load(centre + (3 * lanes)) * kc;
            for (int k = 1; k <= r; k++)
            {
                float* below = input + rowOffset[r + k] + x, above = input + rowOffset[r - k] + x;
                var kk = new Vector<float>(kernel[r + k]);
                a += (Vector.Load(below) + Vector.Load(above)) * kk;
                b += (Vector.Load(below + lanes) + Vector.Load(above + lanes)) * kk;
                c += (Vector.Load(below + (2 * lanes)) + Vector.Load(above + (2 * lanes))) * kk;
                d += (Vector.Load(below + (3 * lanes)) + Vector.Load(above + (3 * lanes))) * kk;
            }

            a.Store(output + x);
            b.Store(output + x + lanes);
            c.Store(output + x + (2 * lanes));
            d.Store(output + x + (3 * lanes));
        }

        for (; x < end; x += lanes)
        {
            if (end - start < lanes)
            {
                for (; x < end; x++)
                {
                    float sum = input[rowOffset[r] + x] * kernel[r];
                    for (int k = 1; k <= r; k++)
                    {
                        sum += (input[rowOffset[r + k] + x] + input[rowOffset[r - k] + x]) * kernel[r + k];
                    }

                    output[x] = sum;
                }

                break;
            }

            x = Math.Min(x, end - lanes);
            var acc = Vector.Load(input + rowOffset[r] + x) * kernel[r];
            for (int k = 1; k <= r; k++)
            {
                acc += (Vector.Load(input + rowOffset[r + k] + x) + Vector.Load(input + rowOffset[r - k] + x)) * kernel[r + k];
            }

            acc.Store(output + x);
        }
    }
}
