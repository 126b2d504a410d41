using System.Numerics.Tensors;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Grey-level erosion (minimum filter) with a k×k square, as OpenCV's <c>erode</c> with its default anchor
/// (k/2) and border: pixels beyond the edge count as +∞, so the edge itself never erodes the mask.
/// Runs in O(1) per pixel whatever k is (van Herk / Gil-Werman running minima).
/// </summary>
internal static class Erosion
{
    public static FloatPlane Square(FloatPlane source, int size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var result = new FloatPlane(source.Width, source.Height);
        if (size == 1)
        {
            source.Data.CopyTo(result.Data, 0);
            return result;
        }

        var rowsDone = new FloatPlane(source.Width, source.Height);
        for (int y = 0; y < source.Height; y++)
        {
            MinFilterLine(source.Row(y), rowsDone.Row(y), size);
        }

        MinFilterColumns(rowsDone, result, size);
        return result;
    }

    /// <summary>out[x] = min(in[x − k/2 … x − k/2 + k − 1]), ignoring positions outside the line.</summary>
    internal static void MinFilterLine(ReadOnlySpan<float> input, Span<float> output, int size)
    {
        int n = input.Length;
        int anchor = size / 2;
        int paddedLength = n + size - 1;
        Span<float> forward = paddedLength <= 4096 ? stackalloc float[paddedLength] : new float[paddedLength];
        Span<float> backward = paddedLength <= 4096 ? stackalloc float[paddedLength] : new float[paddedLength];
        for (int j = 0; j < paddedLength; j++)
        {
            float v = Padded(input, j - anchor);
            forward[j] = j % size == 0 ? v : Math.Min(forward[j - 1], v);
        }

        for (int j = paddedLength - 1; j >= 0; j--)
        {
            float v = Padded(input, j - anchor);
            backward[j] = (j + 1) % size == 0 || j == paddedLength - 1 ? v : Math.Min(backward[j + 1], v);
        }

        for (int x = 0; x < n; x++)
        {
            output[x] = Math.Min(backward[x], forward[x + size - 1]);
        }
    }

    private static float Padded(ReadOnlySpan<float> input, int i) => (uint)i < (uint)input.Length ? input[i] : float.PositiveInfinity;

    /// <summary>The same running minima down the columns, a whole row at a time.</summary>
    private static void MinFilterColumns(FloatPlane input, FloatPlane output, int size)
    {
        int w = input.Width, h = input.Height;
        int anchor = size / 2;
        int paddedLength = h + size - 1;
        var forward = new float[paddedLength * w];
        var backward = new float[paddedLength * w];
        var infinity = new float[w];
        Array.Fill(infinity, float.PositiveInfinity);

        ReadOnlySpan<float> PaddedRow(int j)
        {
            int y = j - anchor;
            return (uint)y < (uint)h ? input.Row(y) : infinity;
        }

        for (int j = 0; j < paddedLength; j++)
        {
            var f = forward.AsSpan(j * w, w);
            if (j % size == 0)
            {
                PaddedRow(j).CopyTo(f);
            }
            else
            {
                TensorPrimitives.Min(forward.AsSpan((j - 1) * w, w), PaddedRow(j), f);
            }
        }

        for (int j = paddedLength - 1; j >= 0; j--)
        {
            var b = backward.AsSpan(j * w, w);
            if ((j + 1) % size == 0 || j == paddedLength - 1)
            {
                PaddedRow(j).CopyTo(b);
            }
            else
            {
                TensorPrimitives.Min(backward.AsSpan((j + 1) * w, w), PaddedRow(j), b);
            }
        }

        for (int y = 0; y < h; y++)
        {
            TensorPrimitives.Min(backward.AsSpan(y * w, w), forward.AsSpan((y + size - 1) * w, w), output.Row(y));
        }
    }
}
