using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// The warps against a naive twin written straight from OpenCV's warpAffine (INTER_LINEAR, BORDER_CONSTANT):
/// per destination pixel the map in 1/1024 fixed point, cut to 1/32 pixel, then the four neighbours (border
/// outside) blended with the 1/32 weight tables. Equality is exact.
/// </summary>
public sealed class AffineWarpKernelTests
{
    public static TheoryData<int> Cases => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rgb_warp_equals_the_naive_definition(int index)
    {
        var (source, matrix, originX, originY, width, height) = Case(index);
        var border = new Rgb24Color(132, 7, 250);
        var fast = new RgbImage(width, height);

        AffineWarp.Rgb(source, matrix, fast, originX, originY, border);

        var expected = new byte[width * height * 3];
        ForEachSample(matrix, originX, originY, width, height, (i, x, y, fraction) =>
        {
            for (int c = 0; c < 3; c++)
            {
                int Read(int sx, int sy) => (uint)sx < (uint)source.Width && (uint)sy < (uint)source.Height ? source.Pixels[(sy * source.Stride) + (sx * 3) + c] : border[c];
                int v = (Read(x, y) * FixedWeight(fraction, 0)) + (Read(x + 1, y) * FixedWeight(fraction, 1))
                    + (Read(x, y + 1) * FixedWeight(fraction, 2)) + (Read(x + 1, y + 1) * FixedWeight(fraction, 3));
                expected[(i * 3) + c] = (byte)Math.Clamp((v + (1 << 14)) >> 15, 0, 255);
            }
        });
        Assert.Equal(expected, fast.Pixels);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plane_warp_equals_the_naive_definition(int index)
    {
        var (image, matrix, originX, originY, width, height) = Case(index);
        var source = image.Pixels.Where((_, i) => i % 3 == 1).Select(b => index % 2 == 0 ? 1f : b / 255f).ToArray();
        var fast = new float[(width * height) + 5];

        AffineWarp.Plane(source, image.Width, image.Height, matrix, fast, width, height, originX, originY);

        var expected = new float[fast.Length];
        ForEachSample(matrix, originX, originY, width, height, (i, x, y, fraction) =>
        {
            float Read(int sx, int sy) => (uint)sx < (uint)image.Width && (uint)sy < (uint)image.Height ? source[(sy * image.Width) + sx] : 0f;
            expected[i] = (Read(x, y) * FloatWeight(fraction, 0)) + (Read(x + 1, y) * FloatWeight(fraction, 1))
                + (Read(x, y + 1) * FloatWeight(fraction, 2)) + (Read(x + 1, y + 1) * FloatWeight(fraction, 3));
        });
        Assert.Equal(expected, fast);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coverage_equals_the_warp_of_a_plane_of_ones(int index)
    {
        var (image, matrix, originX, originY, width, height) = Case(index);
        var ones = Enumerable.Repeat(1f, image.Width * image.Height).ToArray();
        var expected = new float[width * height];
        AffineWarp.Plane(ones, image.Width, image.Height, matrix, expected, width, height, originX, originY);
        var coverage = new float[width * height];

        AffineWarp.Coverage(image.Width, image.Height, matrix, coverage, width, height, originX, originY);

        Assert.Equal(expected, coverage);
        // Every case but the identity cuts through source pixels, so partial coverage must occur.
        Assert.True(index == 3 || coverage.Any(v => v is > 0f and < 1f));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_rgb_warp_equals_the_naive_definition(int index)
    {
        var (image, matrix, originX, originY, width, height) = Case(index);
        var source = image.Pixels.Select(b => (b * 1.7) - 20.25).ToArray();
        var fast = new double[width * height * 3];

        AffineWarp.Rgb(source, image.Width, image.Height, matrix, fast, width, height, originX, originY);

        var expected = new double[fast.Length];
        ForEachSample(matrix, originX, originY, width, height, (i, x, y, fraction) =>
        {
            for (int c = 0; c < 3; c++)
            {
                double Read(int sx, int sy) => (uint)sx < (uint)image.Width && (uint)sy < (uint)image.Height ? source[(sy * image.Width * 3) + (sx * 3) + c] : 0;
                expected[(i * 3) + c] = (Read(x, y) * FloatWeight(fraction, 0)) + (Read(x + 1, y) * FloatWeight(fraction, 1))
                    + (Read(x, y + 1) * FloatWeight(fraction, 2)) + (Read(x + 1, y + 1) * FloatWeight(fraction, 3));
            }
        });
        Assert.Equal(expected, fast);
    }

    /// <summary>Source images and warps that cover enlarging, shrinking, rotating, flipping and windows partly off the source.</summary>
    internal static (RgbImage Source, AffineMatrix Matrix, int OriginX, int OriginY, int Width, int Height) Case(int index)
    {
        var source = new RgbImage(67, 45, BilinearResizeKernelTests.RandomBytes(67 * 45 * 3, seed: index));
        return index switch
        {
            0 => (source, Rotation(0.3, 1.7, 20, -5), 0, 0, 130, 110),
            1 => (source, Rotation(-0.9, 0.6, 3.3, 40.1), 5, 12, 61, 47),
            2 => (source, Rotation(2.5, 2.3, 150, 120), 40, 30, 180, 150),
            3 => (source, new AffineMatrix(1, 0, 0, 0, 1, 0), 0, 0, 67, 45),
            4 => (source, new AffineMatrix(-1.25, 0.1, 90, 0.05, 1.5, -7.7), 0, 0, 100, 60),
            _ => (source, Rotation(0.05, 7.9, 100, 50), 320, 150, 333, 300),
        };
    }

    private static AffineMatrix Rotation(double angle, double scale, double tx, double ty) =>
        new(scale * Math.Cos(angle), -scale * Math.Sin(angle), tx, scale * Math.Sin(angle), scale * Math.Cos(angle), ty);

    /// <summary>OpenCV's sampling: source position of canvas pixel (X, Y) in 1/1024, rounded to 1/32.</summary>
    internal static void ForEachSample(AffineMatrix sourceToDestination, int originX, int originY, int width, int height, Action<int, int, int, int> sample)
    {
        var m = sourceToDestination.Invert();
        for (int j = 0; j < height; j++)
        {
            int canvasY = originY + j;
            int bx = Round(((m.M01 * canvasY) + m.M02) * 1024) + 16;
            int by = Round(((m.M11 * canvasY) + m.M12) * 1024) + 16;
            for (int i = 0; i < width; i++)
            {
                int canvasX = originX + i;
                int xq = (bx + Round(m.M00 * canvasX * 1024)) >> 5;
                int yq = (by + Round(m.M10 * canvasX * 1024)) >> 5;
                sample((j * width) + i, xq >> 5, yq >> 5, ((yq & 31) * 32) + (xq & 31));
            }
        }
    }

    private static int Round(double v) => (int)Math.Round(v, MidpointRounding.ToEven);

    internal static int FixedWeight(int fraction, int corner)
    {
        int fx = fraction % 32, fy = fraction / 32;
        return corner switch
        {
            0 => (32 - fy) * (32 - fx) * 32,
            1 => (32 - fy) * fx * 32,
            2 => fy * (32 - fx) * 32,
            _ => fy * fx * 32,
        };
    }

    private static float FloatWeight(int fraction, int corner)
    {
        float a = (fraction % 32) / 32f, b = (fraction / 32) / 32f;
        return corner switch
        {
            0 => (1f - b) * (1f - a),
            1 => (1f - b) * a,
            2 => b * (1f - a),
            _ => b * a,
        };
    }
}
