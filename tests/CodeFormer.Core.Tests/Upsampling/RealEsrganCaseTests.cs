using System.Text.Json;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Upsampling;
using CodeFormer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Upsampling;

/// <summary>
/// The official RealESRGANer cases (realesrgan_x2plus/cases, rule weights) reproduced through a real ONNX Runtime
/// session: pads, tile geometry, alpha's second pass, 16-bit, and the Lanczos4 resize for other scales.
/// </summary>
public sealed class RealEsrganCaseTests(RealEsrganFixture model, ITestOutputHelper log) : IClassFixture<RealEsrganFixture>
{
    private const double MinimumPsnr = 45;

    [Theory]
    [InlineData("rgb_untiled")]
    [InlineData("rgb_tiled")]
    [InlineData("rgb_outscale3")]
    [InlineData("rgb_outscale1")]
    [InlineData("prepad10")]
    public void An_rgb_case_is_reproduced(string name)
    {
        var (options, outscale) = Parameters(name);
        var input = ImageFiles.ReadRgb(Case(name, "input.png"));
        var expected = ImageFiles.ReadRgb(Case(name, "output.png"));

        var result = model.Upsampler.Enhance(input, null, options, outscale);

        double psnr = Psnr.Of(expected, result.Rgb);
        log.WriteLine($"{name}: {input.Width}×{input.Height} → {result.Rgb.Width}×{result.Rgb.Height}, PSNR {psnr:F1} dB, {Differing(expected.Pixels, result.Rgb.Pixels)} values differ");
        Assert.True(psnr >= MinimumPsnr, $"{name}: PSNR {psnr:F1} dB");
    }

    [Fact]
    public void Tiled_and_untiled_differ_no_more_than_the_official_code_does()
    {
        var input = ImageFiles.ReadRgb(Case("rgb_tiled", "input.png"));
        var tiled = model.Upsampler.Enhance(input, null, Parameters("rgb_tiled").Options).Rgb;
        var untiled = model.Upsampler.Enhance(input, null, Parameters("rgb_untiled").Options).Rgb;
        var officialTiled = ImageFiles.ReadRgb(Case("rgb_tiled", "output.png"));
        var officialUntiled = ImageFiles.ReadRgb(Case("rgb_untiled", "output.png"));

        int ours = Differing(tiled.Pixels, untiled.Pixels), official = Differing(officialTiled.Pixels, officialUntiled.Pixels);
        int oursMax = MaxDifference(tiled.Pixels, untiled.Pixels), officialMax = MaxDifference(officialTiled.Pixels, officialUntiled.Pixels);
        log.WriteLine($"tiled vs untiled: ours {ours} values differ (max {oursMax}), the official code's {official} (max {officialMax}) of {tiled.Pixels.Length}");

        Assert.True(ours > 0, "tiling must change some values: each cut runs with zero padding at its edges");
        Assert.True(oursMax <= officialMax, $"ours differ by up to {oursMax}, the official by {officialMax}");
        Assert.True(ours <= 2 * official, $"{ours} values differ between our tiled and untiled results, {official} in the official code's");
    }

    [Fact]
    public void An_rgba_photo_gets_its_alpha_from_a_second_network_pass()
    {
        var (options, outscale) = Parameters("rgba_tiled");
        var (rgb, alpha) = ReadRgba(Case("rgba_tiled", "input.png"));
        var (expectedRgb, expectedAlpha) = ReadRgba(Case("rgba_tiled", "output.png"));
        int runs = model.Upsampler.Runs;

        var result = model.Upsampler.Enhance(rgb, alpha, options, outscale);

        double colourPsnr = Psnr.Of(expectedRgb, result.Rgb);
        double alphaPsnr = Psnr.Of(AsRgb(expectedAlpha), AsRgb(result.Alpha!));
        log.WriteLine($"rgba_tiled: colour PSNR {colourPsnr:F1} dB, alpha PSNR {alphaPsnr:F1} dB, {model.Upsampler.Runs - runs} network runs");
        Assert.Equal(12, model.Upsampler.Runs - runs); // 6 tiles, twice
        Assert.True(colourPsnr >= MinimumPsnr, $"colour PSNR {colourPsnr:F1} dB");
        Assert.True(alphaPsnr >= MinimumPsnr, $"alpha PSNR {alphaPsnr:F1} dB");
    }

    [Fact]
    public void A_16_bit_photo_stays_16_bit()
    {
        var (options, _) = Parameters("u16_small");
        using var input = Image.Load<Rgb48>(Case("u16_small", "input.png"));
        using var expected = Image.Load<Rgb48>(Case("u16_small", "output.png"));
        var pixels = new Rgb48[input.Width * input.Height];
        input.CopyPixelDataTo(pixels);
        var expectedPixels = new Rgb48[expected.Width * expected.Height];
        expected.CopyPixelDataTo(expectedPixels);

        var (result, is16) = model.Upsampler.Enhance16(pixels.SelectMany(p => new[] { p.R, p.G, p.B }).ToArray(), input.Width, input.Height, options);

        ushort[] want = expectedPixels.SelectMany(p => new[] { p.R, p.G, p.B }).ToArray();
        double mse = want.Zip(result).Average(p => Math.Pow(p.First - p.Second, 2));
        double psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(65535.0 * 65535.0 / mse);
        log.WriteLine($"u16_small: 16-bit PSNR {psnr:F1} dB, max difference {want.Zip(result).Max(p => Math.Abs(p.First - p.Second))}");
        Assert.True(is16);
        Assert.True(psnr >= MinimumPsnr, $"PSNR {psnr:F1} dB");
    }

    [Fact]
    [Trait("Category", "FullSize")]
    public void The_pipeline_background_of_a_whole_photo_is_reproduced()
    {
        var (options, outscale) = Parameters("official_bg_00");
        var input = ImageFiles.ReadRgb(Case("official_bg_00", "input.png"));
        var result = model.Upsampler.Enhance(input, null, options, outscale);

        double psnr = Psnr.Of(ImageFiles.ReadRgb(Case("official_bg_00", "output.png")), result.Rgb);
        log.WriteLine($"official_bg_00: PSNR {psnr:F1} dB");
        Assert.True(psnr >= MinimumPsnr, $"PSNR {psnr:F1} dB");
    }

    [Theory]
    [InlineData("official_bg_00")]
    [InlineData("rgba_tiled")]
    [InlineData("face_upsample_512")]
    public void The_tile_geometry_is_the_official_one(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Case(name, "case.json")));
        var root = doc.RootElement;
        var shape = root.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tiles = new RealEsrganTiles(shape[0], shape[1], Parameters(name).Options);
        var expected = root.GetProperty("tiles").EnumerateArray().ToList();

        Assert.Equal(root.GetProperty("padded_input_hw").EnumerateArray().Select(e => e.GetInt32()), [tiles.PaddedHeight, tiles.PaddedWidth]);
        Assert.Equal(expected.Count, tiles.Cuts.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var cut = tiles.Cuts[i];
            Assert.Equal(expected[i].GetProperty("core_yx").EnumerateArray().Select(e => e.GetInt32()), [cut.Y0, cut.Y1, cut.X0, cut.X1]);
            Assert.Equal(expected[i].GetProperty("padded_yx").EnumerateArray().Select(e => e.GetInt32()), [cut.CutY0, cut.CutY1, cut.CutX0, cut.CutX1]);
        }
    }

    [Fact]
    public void Lanczos4_is_bit_exact_with_opencv()
    {
        var x2 = ImageFiles.ReadRgb(Case("rgb_tiled", "output.png"));
        var expected = ImageFiles.ReadRgb(Case("rgb_outscale3", "output.png"));

        var resized = Lanczos4Resize.Resize(x2, expected.Width, expected.Height);

        Assert.Equal(0, Differing(expected.Pixels, resized.Pixels));
    }

    [Fact]
    public void Odd_tiles_and_images_too_small_to_pad_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new UpsamplerOptions(tile: 129));
        Assert.Throws<ArgumentException>(() => new UpsamplerOptions(tilePad: 5));
        Assert.Throws<ArgumentException>(() => model.Upsampler.Enhance(new RgbImage(5, 1), null, new UpsamplerOptions(0)));
    }

    private static string Case(string name, string file) => SharedData.File("family", "realesrgan_x2plus", "cases", name, file);

    private static (UpsamplerOptions Options, double Outscale) Parameters(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Case(name, "case.json")));
        var r = doc.RootElement;
        return (new UpsamplerOptions(r.GetProperty("tile").GetInt32(), r.GetProperty("tile_pad").GetInt32(), r.GetProperty("pre_pad").GetInt32()), r.GetProperty("outscale").GetDouble());
    }

    private static (RgbImage Rgb, GrayImage Alpha) ReadRgba(string path)
    {
        using var image = Image.Load<Rgba32>(path);
        var rgb = new RgbImage(image.Width, image.Height);
        var alpha = new GrayImage(image.Width, image.Height);
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        for (int i = 0; i < pixels.Length; i++)
        {
            rgb.Pixels[i * 3] = pixels[i].R;
            rgb.Pixels[(i * 3) + 1] = pixels[i].G;
            rgb.Pixels[(i * 3) + 2] = pixels[i].B;
            alpha.Pixels[i] = pixels[i].A;
        }

        return (rgb, alpha);
    }

    private static RgbImage AsRgb(GrayImage gray) => new(gray.Width, gray.Height, gray.Pixels.SelectMany(v => new[] { v, v, v }).ToArray());

    private static int Differing(byte[] a, byte[] b) => a.Zip(b).Count(p => p.First != p.Second);

    private static int MaxDifference(byte[] a, byte[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
