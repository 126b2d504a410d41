using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics.Tensors;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Grey-level erosion (minimum filter) with a k×k square, as OpenCV's <c>erode</c> with its default anchor
/// (k/2) and border: pixels beyond the edge count as +∞, so the edge itself never erodes the mask.
/// Each direction is a sliding minimum built by doubling (windows of 1, 2, 4, … then two overlapping windows):
/// log₂k vectorised passes instead of k comparisons per pixel.
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
            SlidingMinimum(source.Row(y), rows.Row(y), 1, size);
        }

        // Down the columns the "elements" are whole rows, so the same passes run over entire rows at once.
        SlidingMinimum(rows.Values, result.Values, source.Width, size);
        return result;
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
            current[..(anchor * stride)].Fill(float.PositiveInfinity);
            input.CopyTo(current[(anchor * stride)..]);
            current[((anchor + count) * stride)..].Fill(float.PositiveInfinity);

            int window = 1;
            while (window * 2 <= size)
            {
                // next[j] = min(current[j … j + 2·window − 1]) from two windows of the previous width.
                int valid = length - (window * stride);
                TensorPrimitives.Min(current[..valid], current[(window * stride)..], next[..valid]);
                var swap = current;
                current = next;
                next = swap;
                window *= 2;
            }

            TensorPrimitives.Min(current[..input.Length], current.Slice((size - window) * stride, input.Length), output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(first);
            ArrayPool<float>.Shared.Return(second);
        }
    }
}
