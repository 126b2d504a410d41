using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;

namespace CodeFormer.Core.Tests.PasteBack;

/// <summary>The fast mask kernels against naive twins written straight from OpenCV's definitions.</summary>
public sealed class MaskKernelTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(40)]
    public void Running_minimum_erosion_equals_the_naive_window_minimum(int size)
    {
        var mask = RandomMask(57, 43, seed: size);
        // Rows of zeros, as around a face, which the row pass skips.
        mask.Row(3).Clear();
        mask.Row(mask.Height - 1).Clear();

        var fast = Erosion.Square(mask, size);

        int anchor = size / 2;
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                float min = float.PositiveInfinity;
                for (int dy = 0; dy < size; dy++)
                {
                    for (int dx = 0; dx < size; dx++)
                    {
                        int sx = x + dx - anchor, sy = y + dy - anchor;
                        if ((uint)sx < (uint)mask.Width && (uint)sy < (uint)mask.Height)
                        {
                            min = Math.Min(min, mask.Buffer[(sy * mask.Width) + sx]);
                        }
                    }
                }

                Assert.Equal(min, fast.Buffer[(y * mask.Width) + x]);
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(21)]
    public void Flat_window_shortcut_blur_equals_the_naive_separable_blur(int size)
    {
        // A face-like mask: zeros around a block of ones with a soft edge, where the shortcuts apply.
        var mask = new FloatPlane(80, 70);
        for (int y = 15; y < 55; y++)
        {
            for (int x = 20; x < 60; x++)
            {
                mask.Buffer[(y * mask.Width) + x] = (x == 20 || y == 15) ? 0.5f : 1f;
            }
        }

        AssertBlurEqualsNaive(mask, size);
    }

    [Theory]
    [InlineData(55, 0.4, 300, 260)] // the golden case's feather on a tilted face mask
    [InlineData(9, -0.7, 101, 97)]
    [InlineData(21, 1.2, 77, 150)]
    public void Blur_of_a_warped_eroded_mask_equals_the_naive_separable_blur(int size, double angle, int width, int height)
    {
        var ones = new float[64 * 64];
        Array.Fill(ones, 1f);
        double scale = 2.6;
        var matrix = new AffineMatrix(scale * Math.Cos(angle), -scale * Math.Sin(angle), width / 2.0, scale * Math.Sin(angle), scale * Math.Cos(angle), height / 4.0);
        using var warped = new FloatPlane(width, height);
        AffineWarp.Plane(ones, 64, 64, matrix, warped.Buffer, width, height, 0, 0);
        using var eroded = Erosion.Square(warped, 4);

        AssertBlurEqualsNaive(eroded, size);
    }

    [Theory]
    [InlineData(5, 3, 7)] // narrower than a vector
    [InlineData(31, 29, 9)]
    [InlineData(64, 40, 15)]
    public void Blur_of_noise_equals_the_naive_separable_blur(int width, int height, int size)
    {
        using var mask = RandomMask(width, height, seed: width);
        for (int x = 0; x < width; x++)
        {
            // Rows of exact ones and zeros among the noise, so the flat shortcuts meet edges of every kind.
            mask.Buffer[(height / 2 * width) + x] = 1f;
            mask.Buffer[x] = 0f;
        }

        AssertBlurEqualsNaive(mask, size);
    }

    private static void AssertBlurEqualsNaive(FloatPlane mask, int size)
    {
        var fast = GaussianBlur.Apply(mask, size);

        var kernel = GaussianKernel.ForSize(size);
        int r = size / 2;
        var rows = new float[mask.Width * mask.Height];
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                float acc = 0;
                for (int i = 0; i < size; i++)
                {
                    acc += kernel[i] * mask.Buffer[(y * mask.Width) + GaussianBlur.Reflect101(x - r + i, mask.Width)];
                }

                rows[(y * mask.Width) + x] = acc;
            }
        }

        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                float acc = kernel[r] * rows[(y * mask.Width) + x];
                for (int k = 1; k <= r; k++)
                {
                    acc += kernel[r + k] * (rows[(GaussianBlur.Reflect101(y + k, mask.Height) * mask.Width) + x] + rows[(GaussianBlur.Reflect101(y - k, mask.Height) * mask.Width) + x]);
                }

                Assert.Equal(acc, fast.Buffer[(y * mask.Width) + x]);
            }
        }
    }

    [Fact]
    public void Mask_area_is_exact_whatever_the_summation_order()
    {
        // A warped, eroded square: its values are multiples of 2⁻¹⁰, so a plain sequential sum is exact.
        var ones = Enumerable.Repeat(1f, 512 * 512).ToArray();
        var matrix = new AffineMatrix(1.3 * Math.Cos(0.4), -1.3 * Math.Sin(0.4), 300, 1.3 * Math.Sin(0.4), 1.3 * Math.Cos(0.4), 20);
        using var warped = new FloatPlane(777, 801);
        AffineWarp.Plane(ones, 512, 512, matrix, warped.Buffer, warped.Width, warped.Height, 0, 0);
        using var hard = Erosion.Square(warped, 4);
        double sequential = 0;
        for (int i = 0; i < hard.Width * hard.Height; i++)
        {
            sequential += hard.Buffer[i];
        }

        Assert.Equal(sequential, hard.Sum());
        Assert.Equal(0, sequential * 1024 % 1);
    }

    [Fact]
    public void Gaussian_kernels_follow_OpenCV_small_tables_and_sigma_rule()
    {
        Assert.Equal([0.25f, 0.5f, 0.25f], GaussianKernel.ForSize(3));
        var k21 = GaussianKernel.ForSize(21);
        double sigma = (0.3 * ((21 - 1) * 0.5 - 1)) + 0.8;
        Assert.Equal(1.0, k21.Sum(v => (double)v), 5);
        Assert.Equal(Math.Exp(-0.5 * 100 / (sigma * sigma)) / Math.Exp(0), k21[0] / k21[10], 4);
    }

    private static FloatPlane RandomMask(int w, int h, int seed)
    {
        var random = new Random(seed);
        var plane = new FloatPlane(w, h);
        for (int i = 0; i < plane.Width * plane.Height; i++)
        {
            plane.Buffer[i] = random.Next(4) == 0 ? 0f : (float)random.NextDouble();
        }

        return plane;
    }
}
