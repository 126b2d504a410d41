using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics.Tensors;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Separable Gaussian blur of a mask with OpenCV's default border (reflect-101). Masks are flat almost
/// everywhere (0 outside the face, 1 inside), so along each row a window holding a single value takes that
/// value's precomputed response and only the runs of windows across an edge are convolved; down the columns,
/// rows whose whole window is zero are skipped and the rest are vectorised over entire rows.
/// </summary>
internal static class GaussianBlur
{
    public static FloatPlane Apply(FloatPlane source, int size)
    {
        ArgumentNullException.ThrowIfNull(source);
        var kernel = GaussianKernel.ForSize(size);
        var result = new FloatPlane(source.Width, source.Height);
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
    private static FloatPlane HorizontalPass(FloatPlane source, float[] kernel)
    {
        int w = source.Width, r = kernel.Length / 2;
        float onesResponse = 0f;
        foreach (float k in kernel)
        {
            onesResponse += k;
        }

        var result = new FloatPlane(w, source.Height);
        var notZero = new int[w + 1];
        var notOne = new int[w + 1];
        var padded = new float[w + (2 * r)];
        var product = new float[w];
        for (int y = 0; y < source.Height; y++)
        {
            var input = source.Row(y);
            if (!input.ContainsAnyExcept(0f))
            {
                continue;
            }

            var output = result.Row(y);
            for (int x = 0; x < w; x++)
            {
                notZero[x + 1] = notZero[x] + (input[x] != 0f ? 1 : 0);
                notOne[x + 1] = notOne[x] + (input[x] != 1f ? 1 : 0);
            }

            for (int i = 0; i < padded.Length; i++)
            {
                padded[i] = input[Reflect101(i - r, w)];
            }

            int x0 = 0;
            while (x0 < w)
            {
                var flat = FlatResponse(x0, w, r, notZero, notOne, onesResponse);
                if (flat is float value)
                {
                    output[x0++] = value;
                    continue;
                }

                int x1 = x0 + 1;
                while (x1 < w && FlatResponse(x1, w, r, notZero, notOne, onesResponse) is null)
                {
                    x1++;
                }

                Convolve(padded, kernel, x0, output[x0..x1], product);
                x0 = x1;
            }
        }

        return result;
    }

    /// <summary>The response of a window that lies inside the row and holds only 0s or only 1s; null otherwise.</summary>
    private static float? FlatResponse(int x, int w, int r, int[] notZero, int[] notOne, float onesResponse)
    {
        int lo = x - r, hi = x + r;
        if (lo < 0 || hi >= w)
        {
            return null;
        }

        if (notZero[hi + 1] - notZero[lo] == 0)
        {
            return 0f;
        }

        return notOne[hi + 1] - notOne[lo] == 0 ? onesResponse : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Convolve(float[] padded, float[] kernel, int start, Span<float> output, float[] scratch)
    {
        var product = scratch.AsSpan(0, output.Length);
        output.Clear();
        for (int i = 0; i < kernel.Length; i++)
        {
            TensorPrimitives.Multiply(padded.AsSpan(start + i, output.Length), kernel[i], product);
            TensorPrimitives.Add(output, product, output);
        }
    }

    /// <summary>Columns convolved the way OpenCV's symmetric column filter sums: centre tap, then mirrored pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VerticalPass(FloatPlane source, float[] kernel, FloatPlane result)
    {
        int w = source.Width, h = source.Height, r = kernel.Length / 2;
        var zeroRowsBefore = new int[h + 1];
        for (int y = 0; y < h; y++)
        {
            zeroRowsBefore[y + 1] = zeroRowsBefore[y] + (source.Row(y).ContainsAnyExcept(0f) ? 0 : 1);
        }

        Parallel.For(0, h, new ParallelOptions { MaxDegreeOfParallelism = h * w > 200_000 ? -1 : 1 }, () => new float[w], (y, _, pair) =>
        {
            int lo = y - r, hi = y + r;
            if (lo >= 0 && hi < h && zeroRowsBefore[hi + 1] - zeroRowsBefore[lo] == kernel.Length)
            {
                return pair;
            }

            var output = result.Row(y);
            TensorPrimitives.Multiply(source.Row(y), kernel[r], output);
            for (int k = 1; k <= r; k++)
            {
                TensorPrimitives.Add(source.Row(Reflect101(y + k, h)), source.Row(Reflect101(y - k, h)), pair);
                TensorPrimitives.Multiply(pair, kernel[r + k], pair);
                TensorPrimitives.Add(output, pair, output);
            }

            return pair;
        }, _ => { });
    }
}
