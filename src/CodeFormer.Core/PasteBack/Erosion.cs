using System.Runtime.CompilerServices;
using System.Buffers;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Grey-level erosion (minimum filter) with a k×k square, as OpenCV's <c>erode</c> with its default anchor
/// (k/2) and border: pixels beyond the edge count as +∞, so the edge itself never erodes the mask.
/// Along rows, a sliding minimum built by doubling (windows of 1, 2, 4, … then two overlapping windows): log₂k
/// vectorised passes instead of k comparisons per pixel; down columns, van Herk / Gil-Werman over whole rows.
/// </summary>
internal static class Erosion
{
    public static FloatPlane Square(FloatPlane source, int size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var result = FloatPlane.Uninitialized(source.Width, source.Height);
        if (size == 1)
        {
            source.Values.CopyTo(result.Values);
            return result;
        }

        using var rows = FloatPlane.Uninitialized(source.Width, source.Height);
        for (int y = 0; y < source.Height; y++)
        {
            // A row of zeros stays zeros: every window holds its own zero and nothing else from outside the row.
            if (FloatSearch.ContainsAnyExcept(source.Row(y), 0f))
            {
                SlidingMinimum(source.Row(y), rows.Row(y), 1, size);
            }
            else
            {
                rows.Row(y).Clear();
            }
        }

        ColumnMinimum(rows, result, size);
        return result;
    }

    /// <summary>
    /// Down the columns, whole rows at a time, by van Herk / Gil-Werman: cut the (+∞-padded) rows into blocks of
    /// <paramref name="size"/>; a window starting at row i spans the suffix of i's block and a prefix of the next,
    /// so out[i] = min(suffix minimum at i, prefix minimum at i + size − 1). Each block's suffix minima and the next
    /// block's prefix minima fit in cache, so the plane streams through about once (the doubling passes used
    /// for rows would sweep it log₂ size times).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnMinimum(FloatPlane input, FloatPlane output, int size)
    {
        int w = input.Width, n = input.Height, anchor = size / 2, length = n + size - 1;
        float[] buffer = ArrayPool<float>.Shared.Rent(((2 * size) + 1) * w);
        try
        {
            int infinity = 2 * size * w;
            FloatKernels.Fill(buffer.AsSpan(infinity, w), float.PositiveInfinity);
            var suffix = buffer.AsSpan(0, size * w);
            var prefix = buffer.AsSpan(size * w, size * w);

            // Row j of the padded sequence: input row j − anchor, +∞ beyond the input.
            ReadOnlySpan<float> Padded(int j) => (uint)(j - anchor) < (uint)n ? input.Row(j - anchor) : buffer.AsSpan(infinity, w);

            for (int start = 0; start < n; start += size)
            {
                int last = Math.Min(start + size, length) - 1;
                Padded(last).CopyTo(suffix.Slice((last - start) * w, w));
                for (int j = last - 1; j >= start; j--)
                {
                    FloatKernels.Min(Padded(j), suffix.Slice((j + 1 - start) * w, w), suffix.Slice((j - start) * w, w));
                }

                int end = Math.Min(start + size, n), next = start + size;
                suffix[..w].CopyTo(output.Row(start));
                if (end - 1 > start)
                {
                    Padded(next).CopyTo(prefix[..w]);
                    for (int j = next + 1; j <= end - 1 + size - 1; j++)
                    {
                        FloatKernels.Min(prefix.Slice((j - 1 - next) * w, w), Padded(j), prefix.Slice((j - next) * w, w));
                    }
                }

                for (int i = start + 1; i < end; i++)
                {
                    FloatKernels.Min(suffix.Slice((i - start) * w, w), prefix.Slice((i + size - 1 - next) * w, w), output.Row(i));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// For a sequence of <paramref name="stride"/>-wide elements: out[i] = min(in[i − k/2 … i − k/2 + k − 1])
    /// element-wise, positions outside the sequence counting as +∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SlidingMinimum(ReadOnlySpan<float> input, Span<float> output, int stride, int size)
    {
        int count = input.Length / stride;
        int anchor = size / 2;
        int length = (count + size - 1) * stride;
        float[] first = ArrayPool<float>.Shared.Rent(length);
        float[] second = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var current = first.AsSpan(0, length);
            var next = second.AsSpan(0, length);
            FloatKernels.Fill(current[..(anchor * stride)], float.PositiveInfinity);
            input.CopyTo(current[(anchor * stride)..]);
            FloatKernels.Fill(current[((anchor + count) * stride)..], float.PositiveInfinity);

            int window = 1;
            while (window * 2 <= size)
            {
                // next[j] = min(current[j … j + 2·window − 1]) from two windows of the previous width.
                int valid = length - (window * stride);
                FloatKernels.Min(current[..valid], current[(window * stride)..], next[..valid]);
                var swap = current;
                current = next;
                next = swap;
                window *= 2;
            }

            FloatKernels.Min(current[..input.Length], current.Slice((size - window) * stride, input.Length), output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(first);
            ArrayPool<float>.Shared.Return(second);
        }
    }
}
