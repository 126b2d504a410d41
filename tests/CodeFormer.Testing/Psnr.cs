using Xunit;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Testing;

/// <summary>Peak signal-to-noise ratio between 8-bit images, in dB (infinity when identical).</summary>
public static class Psnr
{
    public static double Of(RgbImage expected, RgbImage actual, Func<int, int, bool>? include = null)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        double sum = 0;
        long count = 0;
        for (int y = 0; y < expected.Height; y++)
        {
            var e = expected.Row(y);
            var a = actual.Row(y);
            for (int x = 0; x < expected.Width; x++)
            {
                if (include is not null && !include(x, y))
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    double d = e[(x * 3) + c] - a[(x * 3) + c];
                    sum += d * d;
                }

                count += 3;
            }
        }

        Assert.True(count > 0, "PSNR over an empty region.");
        double mse = sum / count;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
