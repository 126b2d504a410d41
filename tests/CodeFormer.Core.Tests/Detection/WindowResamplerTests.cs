using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Detection;

public sealed class WindowResamplerTests
{
    public static readonly TheoryData<double, double, double, int, int> Windows = new()
    {
        { 0, 0, 3.3, 20, 12 },      // shrinking, as for a tile
        { -20.5, -3, 2.1, 40, 40 }, // a letterbox: margins outside the image
        { 5.25, 2.5, 0.4, 30, 25 }, // enlarging part of the image
        { 0, 0, 1, 67, 41 },        // same size, with padding on the right and bottom (YuNet)
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Matches_its_naive_twin(double left, double top, double scale, int width, int height)
    {
        var source = RandomImage(61, 37, seed: 7);
        var tensor = new float[width * height * 3];
        var sink = new TensorRowSink(tensor, width, height, new PixelTensorFormat(ChannelsFirst: false, Bgr: false, Scale: 1, Offset: 0));

        WindowResampler.Resample(source, new SampleWindow(left, top, scale), width, height, ref sink);

        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double expected = NaiveResampler.Sample(source, left, top, scale, scale, u, v, c);
                    // Single-precision weights and sums on 0–255 values: a few thousandths at most.
                    Assert.True(Math.Abs(expected - tensor[(((v * width) + u) * 3) + c]) < 5e-3, $"({u},{v},{c}): {tensor[(((v * width) + u) * 3) + c]} vs {expected}");
                }
            }
        }
    }

    [Fact]
    public void Copies_pixels_exactly_at_scale_one()
    {
        var source = RandomImage(45, 30, seed: 3);

        var copy = DetectionImageResizer.Resize(source, 45, 30);

        Assert.Equal(source.Pixels, copy.Pixels);
    }

    [Fact]
    public void Resize_matches_the_naive_twin_with_per_axis_scales()
    {
        var source = RandomImage(53, 31, seed: 11);

        var resized = DetectionImageResizer.Resize(source, 20, 17);

        for (int v = 0; v < resized.Height; v++)
        {
            for (int u = 0; u < resized.Width; u++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double expected = NaiveResampler.Sample(source, 0, 0, 53.0 / 20, 31.0 / 17, u, v, c);
                    Assert.True(Math.Abs(Math.Round(expected) - resized.Row(v)[(u * 3) + c]) <= 1, $"({u},{v},{c})");
                }
            }
        }
    }

    [Fact]
    public void Shrinking_averages_all_pixels_instead_of_sampling_a_few()
    {
        // Plain bilinear sampling would keep about 0.7 of the noise's spread at any reduction; an area-like
        // filter over ~8×8 source pixels per output pixel keeps well under a quarter.
        var noise = RandomImage(256, 256, seed: 5);

        var small = DetectionImageResizer.Resize(noise, 32, 32);

        Assert.InRange(Mean(small.Pixels), 120, 135);
        Assert.True(StdDev(small.Pixels) < 0.25 * StdDev(noise.Pixels), $"{StdDev(small.Pixels)} vs {StdDev(noise.Pixels)}");
    }

    [Fact]
    public void Writes_channels_first_in_bgr_order_with_the_format_scale()
    {
        var source = new RgbImage(2, 1, [10, 20, 30, 40, 50, 60]);
        var tensor = new float[2 * 1 * 3];
        var sink = new TensorRowSink(tensor, 2, 1, new PixelTensorFormat(ChannelsFirst: true, Bgr: true, Scale: 2, Offset: -1));

        WindowResampler.Resample(source, new SampleWindow(0, 0, 1), 2, 1, ref sink);

        Assert.Equal([59, 119, 39, 99, 19, 79], tensor);
    }

    [Fact]
    public void Fills_a_window_entirely_outside_the_image_with_black()
    {
        var source = RandomImage(10, 10, seed: 1);
        var tensor = new float[4 * 4 * 3];
        var sink = new TensorRowSink(tensor, 4, 4, new PixelTensorFormat(ChannelsFirst: false, Bgr: false, Scale: 2f / 255, Offset: -1));

        WindowResampler.Resample(source, new SampleWindow(100, 100, 1), 4, 4, ref sink);

        Assert.All(tensor, v => Assert.Equal(-1f, v));
    }

    private static RgbImage RandomImage(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    private static double Mean(byte[] values) => values.Average(v => (double)v);

    private static double StdDev(byte[] values)
    {
        double mean = Mean(values);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
