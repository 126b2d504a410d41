using System.Buffers;
using System.Runtime.CompilerServices;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// The official grayscale path: the restored face becomes luma (0.2989 R + 0.5870 G + 0.1140 B), then each
/// channel's mean and standard deviation are matched to the aligned input crop (population variance + 1e-5).
/// The result stays in floating point until the final blend, as in the reference.
/// </summary>
public static class GrayscaleTransfer
{
    private const double Epsilon = 1e-5;

    /// <summary>Interleaved RGB doubles, the same size as <paramref name="restored"/>.</summary>
    public static double[] Apply(RgbImage restored, RgbImage inputCrop)
    {
        ArgumentNullException.ThrowIfNull(restored);
        var result = GC.AllocateUninitializedArray<double>(restored.Width * restored.Height * 3);
        Apply(restored, inputCrop, result);
        return result;
    }

    /// <summary>The same into <paramref name="result"/> (at least width × height × 3 long, e.g. pooled).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Apply(RgbImage restored, RgbImage inputCrop, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(inputCrop);
        if (restored.Width != inputCrop.Width || restored.Height != inputCrop.Height)
        {
            throw new ArgumentException("The restored face and the input crop must be the same size.");
        }

        int n = restored.Width * restored.Height;
        if (result.Length < n * 3)
        {
            throw new ArgumentException("The result buffer is too short.", nameof(result));
        }

        double[] grayBuffer = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var gray = grayBuffer.AsSpan(0, n);
            byte[] px = restored.Pixels;
            for (int i = 0; i < n; i++)
            {
                gray[i] = (0.2989 * px[(i * 3) + 0]) + (0.5870 * px[(i * 3) + 1]) + (0.1140 * px[(i * 3) + 2]);
            }

            var (contentMean, contentStd) = MeanStd(gray);
            for (int c = 0; c < 3; c++)
            {
                var (styleMean, styleStd) = ChannelMeanStd(inputCrop.Pixels, c);
                for (int i = 0; i < n; i++)
                {
                    result[(i * 3) + c] = ((gray[i] - contentMean) / contentStd * styleStd) + styleMean;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(grayBuffer);
        }
    }

    /// <summary>The transferred face as an 8-bit image (for outputs that are the face itself).</summary>
    public static RgbImage ToImage(RgbImage restored, RgbImage inputCrop)
    {
        var values = Apply(restored, inputCrop);
        var image = new RgbImage(restored.Width, restored.Height);
        for (int i = 0; i < values.Length; i++)
        {
            image.Pixels[i] = (byte)Math.Clamp(Math.Round(values[i]), 0, 255);
        }

        return image;
    }

    /// <summary>The same statistics over one channel of interleaved RGB, summed in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Mean, double Std) ChannelMeanStd(byte[] pixels, int channel)
    {
        int n = pixels.Length / 3;
        double mean = 0;
        for (int i = channel; i < pixels.Length; i += 3)
        {
            mean += pixels[i];
        }

        mean /= n;
        double variance = 0;
        for (int i = channel; i < pixels.Length; i += 3)
        {
            variance += (pixels[i] - mean) * (pixels[i] - mean);
        }

        variance /= n;
        return (mean, Math.Sqrt(variance + Epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double variance = 0;
        foreach (double v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        variance /= values.Length;
        return (mean, Math.Sqrt(variance + Epsilon));
    }
}
