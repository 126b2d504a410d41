using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// The vectorised resize against a naive twin written straight from OpenCV's INTER_LINEAR 8-bit definition:
/// half-pixel centres, 11-bit weights, a horizontal pass in ints, then the vertical pass with the vector path's
/// rounding ((s0 &gt;&gt; 4)·b0 &gt;&gt; 16 + (s1 &gt;&gt; 4)·b1 &gt;&gt; 16 + 2) &gt;&gt; 2 over what the 128-bit loops cover and
/// exact rounding on the row's scalar tail. Equality is exact.
/// </summary>
public sealed class BilinearResizeKernelTests
{
    [Theory]
    [InlineData(37, 23, 74, 46)] // exactly 2×, the paste-back background
    [InlineData(64, 40, 128, 80)]
    [InlineData(21, 17, 63, 51)] // 3×
    [InlineData(50, 40, 121, 77)] // arbitrary enlargement
    [InlineData(100, 80, 41, 33)] // reduction
    [InlineData(1, 9, 5, 20)] // one column: every tap clamps
    [InlineData(9, 1, 20, 3)]
    [InlineData(13, 11, 13, 11)]
    public void Rgb_resize_equals_the_naive_definition(int w, int h, int dw, int dh)
    {
        var source = new RgbImage(w, h, RandomBytes(w * h * 3, seed: w + h));

        var fast = BilinearResize.Resize(source, dw, dh);

        Assert.Equal(Naive(source.Pixels, w, h, 3, dw, dh, (double)dw / w, (double)dh / h), fast.Pixels);
    }

    [Theory]
    [InlineData(37, 23, 74, 46)]
    [InlineData(50, 40, 121, 77)]
    [InlineData(100, 80, 41, 33)]
    [InlineData(7, 5, 14, 10)]
    public void Gray_resize_equals_the_naive_definition(int w, int h, int dw, int dh)
    {
        var source = new GrayImage(w, h, RandomBytes(w * h, seed: w * h));

        var fast = BilinearResize.Resize(source, dw, dh);

        Assert.Equal(Naive(source.Pixels, w, h, 1, dw, dh, (double)dw / w, (double)dh / h), fast.Pixels);
    }

    [Fact]
    public void Explicit_scale_factors_map_with_the_factor_itself()
    {
        var source = new RgbImage(97, 61, RandomBytes(97 * 61 * 3, seed: 5));
        var (dw, dh) = BilinearResize.ScaledSize(97, 61, 0.37);

        var fast = BilinearResize.Resize(source, dw, dh, 0.37, 0.37);

        Assert.Equal(Naive(source.Pixels, 97, 61, 3, dw, dh, 0.37, 0.37), fast.Pixels);
    }

    [Fact]
    public void Large_resizes_split_across_threads_equal_the_naive_definition()
    {
        var source = new RgbImage(301, 207, RandomBytes(301 * 207 * 3, seed: 11));

        var fast = BilinearResize.Resize(source, 602, 414);

        Assert.Equal(Naive(source.Pixels, 301, 207, 3, 602, 414, 2, 2), fast.Pixels);
    }

    private static byte[] Naive(byte[] src, int w, int h, int cn, int dw, int dh, double fx, double fy)
    {
        var columns = Taps(dw, w, 1 / fx);
        var rows = Taps(dh, h, 1 / fy);
        int rowLen = dw * cn;
        int vectorEnd = 0;
        while (vectorEnd <= rowLen - 16)
        {
            vectorEnd += 16;
        }

        while (vectorEnd < rowLen - 8)
        {
            vectorEnd += 8;
        }

        var dst = new byte[rowLen * dh];
        for (int dy = 0; dy < dh; dy++)
        {
            var (sy, b0, b1) = rows[dy];
            int sy1 = Math.Min(sy + 1, h - 1);
            for (int dx = 0; dx < dw; dx++)
            {
                var (sx, a0, a1) = columns[dx];
                int sx1 = Math.Min(sx + 1, w - 1);
                for (int c = 0; c < cn; c++)
                {
                    int s0 = (src[(((sy * w) + sx) * cn) + c] * a0) + (src[(((sy * w) + sx1) * cn) + c] * a1);
                    int s1 = (src[(((sy1 * w) + sx) * cn) + c] * a0) + (src[(((sy1 * w) + sx1) * cn) + c] * a1);
                    int i = (dx * cn) + c;
                    int v = i < vectorEnd
                        ? ((((s0 >> 4) * b0) >> 16) + (((s1 >> 4) * b1) >> 16) + 2) >> 2
                        : ((s0 * b0) + (s1 * b1) + (1 << 21)) >> 22;
                    dst[(dy * rowLen) + i] = (byte)Math.Clamp(v, 0, 255);
                }
            }
        }

        return dst;
    }

    private static (int Index, int W0, int W1)[] Taps(int dstLen, int srcLen, double scale)
    {
        var taps = new (int, int, int)[dstLen];
        for (int d = 0; d < dstLen; d++)
        {
            float f = (float)(((d + 0.5) * scale) - 0.5);
            int s = (int)Math.Floor(f);
            f -= s;
            if (s < 0)
            {
                (s, f) = (0, 0);
            }

            if (s >= srcLen - 1)
            {
                (s, f) = (srcLen - 1, 0);
            }

            taps[d] = (s, (int)Math.Round((1f - f) * 2048, MidpointRounding.ToEven), (int)Math.Round(f * 2048, MidpointRounding.ToEven));
        }

        return taps;
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
