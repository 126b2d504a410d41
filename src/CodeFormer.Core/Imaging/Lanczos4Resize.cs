namespace CodeFormer.Core.Imaging;

/// <summary>
/// OpenCV's INTER_LANCZOS4 on 8-bit images, bit for bit (realesrgan_x2plus/ARCHITECTURE.md): separable, 8 taps
/// per axis with edge pixels repeated, weights computed in float32 and scaled to integers of 2048, a horizontal
/// then a vertical integer pass. No anti-aliasing when shrinking, as in OpenCV.
/// </summary>
public static class Lanczos4Resize
{
    private const int Taps = 8;
    private const int CoefficientScale = 2048;

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Width == width && image.Height == height
            ? image.Clone()
            : new RgbImage(width, height, Resize(image.Pixels, image.Width, image.Height, RgbImage.Channels, width, height));
    }

    public static GrayImage Resize(GrayImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Width == width && image.Height == height
            ? new GrayImage(width, height, (byte[])image.Pixels.Clone())
            : new GrayImage(width, height, Resize(image.Pixels, image.Width, image.Height, 1, width, height));
    }

    private static byte[] Resize(byte[] source, int sourceWidth, int sourceHeight, int channels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var (xTaps, xWeights) = Axis(sourceWidth, width);
        var (yTaps, yWeights) = Axis(sourceHeight, height);
        var result = new byte[checked(width * height * channels)];

        // Each source row is filtered horizontally once, on demand, and kept while output rows still need it.
        var horizontal = new Dictionary<int, int[]>();
        int rowLength = width * channels;
        for (int y = 0; y < height; y++)
        {
            int first = yTaps[y * Taps];
            foreach (int stale in horizontal.Keys.Where(k => k < first - Taps).ToList())
            {
                horizontal.Remove(stale);
            }

            var output = result.AsSpan(y * rowLength, rowLength);
            var sums = new long[rowLength];
            for (int i = 0; i < Taps; i++)
            {
                int row = yTaps[(y * Taps) + i];
                if (!horizontal.TryGetValue(row, out var filtered))
                {
                    filtered = FilterRow(source.AsSpan(row * sourceWidth * channels, sourceWidth * channels), channels, width, xTaps, xWeights);
                    horizontal[row] = filtered;
                }

                int w = yWeights[(y * Taps) + i];
                for (int k = 0; k < rowLength; k++)
                {
                    sums[k] += (long)filtered[k] * w;
                }
            }

            for (int k = 0; k < rowLength; k++)
            {
                // OpenCV sums in int32; the values here never leave its range.
                output[k] = (byte)Math.Clamp(((int)sums[k] + (1 << 21)) >> 22, 0, 255);
            }
        }

        return result;
    }

    private static int[] FilterRow(ReadOnlySpan<byte> row, int channels, int width, int[] taps, int[] weights)
    {
        var filtered = new int[width * channels];
        for (int x = 0; x < width; x++)
        {
            for (int c = 0; c < channels; c++)
            {
                int sum = 0;
                for (int i = 0; i < Taps; i++)
                {
                    sum += row[(taps[(x * Taps) + i] * channels) + c] * weights[(x * Taps) + i];
                }

                filtered[(x * channels) + c] = sum;
            }
        }

        return filtered;
    }

    /// <summary>Source indices (clamped) and integer weights of the eight taps of every destination index.</summary>
    private static (int[] Taps, int[] Weights) Axis(int sourceLength, int destinationLength)
    {
        double scale = 1.0 / ((double)destinationLength / sourceLength);
        var taps = new int[destinationLength * Taps];
        var weights = new int[destinationLength * Taps];
        Span<float> coefficients = stackalloc float[Taps];
        for (int d = 0; d < destinationLength; d++)
        {
            float f = (float)(((d + 0.5) * scale) - 0.5);
            int s = (int)MathF.Floor(f);
            float t = f - s;
            Coefficients(t, coefficients);
            for (int i = 0; i < Taps; i++)
            {
                taps[(d * Taps) + i] = Math.Clamp(s - 3 + i, 0, sourceLength - 1);
                weights[(d * Taps) + i] = (int)Math.Round(coefficients[i] * CoefficientScale, MidpointRounding.ToEven);
            }
        }

        return (taps, weights);
    }

    private static void Coefficients(float t, Span<float> coefficients)
    {
        const double s45 = 0.70710678118654752440084436210485;
        ReadOnlySpan<double> sinPart = [1, -s45, 0, s45, -1, s45, 0, -s45];
        ReadOnlySpan<double> cosPart = [0, -s45, 1, -s45, 0, s45, -1, s45];
        double y0 = -(double)(t + 3f) * Math.PI * 0.25;
        double s0 = Math.Sin(y0), c0 = Math.Cos(y0);
        float sum = 0;
        for (int i = 0; i < Taps; i++)
        {
            float u = t + 3f - i;
            if (MathF.Abs(u) >= 1e-6f)
            {
                double y = -u * Math.PI * 0.25;
                coefficients[i] = (float)(((sinPart[i] * s0) + (cosPart[i] * c0)) / (y * y));
            }
            else
            {
                coefficients[i] = 1e30f;
            }

            sum += coefficients[i];
        }

        float inverse = 1f / sum;
        for (int i = 0; i < Taps; i++)
        {
            coefficients[i] *= inverse;
        }
    }
}
