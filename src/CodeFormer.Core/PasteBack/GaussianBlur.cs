namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Separable Gaussian blur of a mask with OpenCV's default border (reflect-101). Masks are flat almost
/// everywhere (0 outside the face, 1 inside), so a window that holds a single value is filled with that value's
/// precomputed response and only windows across an edge are summed.
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
            source.Data.CopyTo(result.Data, 0);
            return result;
        }

        var rows = HorizontalPass(source, kernel);
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

    /// <summary>Each row convolved left to right, accumulating taps in order.</summary>
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
        for (int y = 0; y < source.Height; y++)
        {
            var input = source.Row(y);
            var output = result.Row(y);
            for (int x = 0; x < w; x++)
            {
                notZero[x + 1] = notZero[x] + (input[x] != 0f ? 1 : 0);
                notOne[x + 1] = notOne[x] + (input[x] != 1f ? 1 : 0);
            }

            if (notZero[w] == 0)
            {
                continue;
            }

            for (int x = 0; x < w; x++)
            {
                int lo = x - r, hi = x + r;
                if (lo >= 0 && hi < w)
                {
                    if (notZero[hi + 1] - notZero[lo] == 0)
                    {
                        output[x] = 0f;
                        continue;
                    }

                    if (notOne[hi + 1] - notOne[lo] == 0)
                    {
                        output[x] = onesResponse;
                        continue;
                    }
                }

                float acc = 0f;
                for (int i = 0; i < kernel.Length; i++)
                {
                    acc += kernel[i] * input[Reflect101(lo + i, w)];
                }

                output[x] = acc;
            }
        }

        return result;
    }

    /// <summary>Columns convolved the way OpenCV's symmetric column filter sums: centre tap, then mirrored pairs.</summary>
    private static void VerticalPass(FloatPlane source, float[] kernel, FloatPlane result)
    {
        int w = source.Width, h = source.Height, r = kernel.Length / 2;
        var rowIsZero = new bool[h];
        for (int y = 0; y < h; y++)
        {
            rowIsZero[y] = !source.Row(y).ContainsAnyExcept(0f);
        }

        var zeroRowsBefore = new int[h + 1];
        for (int y = 0; y < h; y++)
        {
            zeroRowsBefore[y + 1] = zeroRowsBefore[y] + (rowIsZero[y] ? 1 : 0);
        }

        Parallel.For(0, h, new ParallelOptions { MaxDegreeOfParallelism = h * w > 200_000 ? -1 : 1 }, y =>
        {
            int lo = y - r, hi = y + r;
            if (lo >= 0 && hi < h && zeroRowsBefore[hi + 1] - zeroRowsBefore[lo] == kernel.Length)
            {
                return;
            }

            var output = result.Row(y);
            var centre = source.Row(y);
            float k0 = kernel[r];
            for (int x = 0; x < w; x++)
            {
                output[x] = k0 * centre[x];
            }

            for (int k = 1; k <= r; k++)
            {
                var below = source.Row(Reflect101(y + k, h));
                var above = source.Row(Reflect101(y - k, h));
                float f = kernel[r + k];
                for (int x = 0; x < w; x++)
                {
                    output[x] += f * (below[x] + above[x]);
                }
            }
        });
    }
}
