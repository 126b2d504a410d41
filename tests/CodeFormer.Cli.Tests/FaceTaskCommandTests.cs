using System.Text.Json;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Pipeline;
using CodeFormer.Network;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer colorize` and `codeformer inpaint` as a user runs them, on aligned faces and whole photos.</summary>
public sealed class FaceTaskCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "FullSize")]
    public void Inpainting_an_aligned_face_with_white_holes_reproduces_the_official_saved_face()
    {
        string model = _temp.File("inpainting-rule.onnx");
        CodeFormerOnnxBuilder.Write(model, RuleWeights.Generate(CodeFormerConfig.Inpainting), new CodeFormerBuildOptions(CodeFormerConfig.Inpainting));
        string output = _temp.File("out");
        string input = SharedData.File("family", "codeformer_inpainting", "input.png");

        var run = CliProcess.Run("inpaint", input, "--has-aligned", "-o", output, "--model", model);

        Assert.True(run.ExitCode == 0, run.Error);
        var face = ImageFiles.ReadRgb(Path.Combine(output, "restored_faces", "input.png"));
        var expected = ImageFiles.ReadRgb(SharedData.File("family", "codeformer_inpainting", "output.png"));
        var original = ImageFiles.ReadRgb(input);
        int outsideDiffering = 0, insideMax = 0;
        for (int p = 0; p < expected.Pixels.Length; p += 3)
        {
            bool hole = original.Pixels[p] == 255 && original.Pixels[p + 1] == 255 && original.Pixels[p + 2] == 255;
            for (int c = 0; c < 3; c++)
            {
                int d = Math.Abs(expected.Pixels[p + c] - face.Pixels[p + c]);
                if (hole)
                {
                    insideMax = Math.Max(insideMax, d);
                }
                else if (d != 0)
                {
                    outsideDiffering++;
                }
            }
        }

        Assert.Equal(0, outsideDiffering);
        Assert.True(insideMax <= 1, $"a filled value differs from the official by {insideMax}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal("Inpaint", report.RootElement.GetProperty("inputs")[0].GetProperty("task").GetString());
    }

    [Fact]
    public void Inpainting_a_whole_photo_changes_only_the_masked_region()
    {
        string photo = SharedData.File("faces", "whole", "00.jpg");
        var decoded = new ImageDecoder().Decode(File.ReadAllBytes(photo));
        var mask = new RgbImage(decoded.Width, decoded.Height);
        for (int y = 40; y < 260; y++)
        {
            mask.Row(y).Slice(60 * 3, 380 * 3).Fill(255);
        }

        string maskFile = _temp.File("mask.png");
        ImageFiles.WritePng(mask, maskFile);
        string model = _temp.File("invert.onnx");
        StandInModels.Invert().Save(model);
        string output = _temp.File("out");

        var run = CliProcess.Run("inpaint", photo, "--mask", maskFile, "-o", output, "--model", model, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        var final = ImageFiles.ReadRgb(Path.Combine(output, "final_results", "00.png"));
        var working = WorkingImage.From(decoded.Rgb, null).Rgb;
        Assert.Equal(working.Width, final.Width);
        // The mask is resampled to the enlarged working image, so its edge may move by a pixel either way.
        double s = (double)final.Width / decoded.Width;
        bool Outside(int x, int y) => x < (60 * s) - 2 || x >= (440 * s) + 2 || y < (40 * s) - 2 || y >= (260 * s) + 2;
        bool Inside(int x, int y) => x >= (60 * s) + 2 && x < (440 * s) - 2 && y >= (40 * s) + 2 && y < (260 * s) - 2;
        int changedInside = 0, changedOutside = 0;
        for (int y = 0; y < final.Height; y++)
        {
            for (int x = 0; x < final.Width; x++)
            {
                bool changed = !final.Row(y).Slice(x * 3, 3).SequenceEqual(working.Row(y).Slice(x * 3, 3));
                changedInside += Inside(x, y) && changed ? 1 : 0;
                changedOutside += Outside(x, y) && changed ? 1 : 0;
            }
        }

        Assert.Equal(0, changedOutside);
        Assert.True(changedInside > 1000, $"only {changedInside} pixels inside the mask were filled");
    }

    [Theory]
    [InlineData("wrong-size", "photo is 491×310")]
    [InlineData("not-an-image", "not a usable image")]
    [InlineData("all-black", "all black")]
    [InlineData("missing", "does not exist")]
    public void A_bad_mask_is_one_clear_error(string kind, string expected)
    {
        string maskFile = _temp.File("mask.png");
        switch (kind)
        {
            case "wrong-size":
                ImageFiles.WritePng(WhiteImage(100, 80), maskFile);
                break;
            case "not-an-image":
                File.Copy(SharedData.File("hostile", "reject_html.jpg"), maskFile);
                break;
            case "all-black":
                ImageFiles.WritePng(new RgbImage(491, 310), maskFile);
                break;
        }

        string model = _temp.File("identity.onnx");
        StandInModels.Identity().Save(model);

        var run = CliProcess.Run("inpaint", SharedData.File("faces", "whole", "00.jpg"), "--mask", maskFile, "-o", _temp.File("out"), "--model", model);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error:", run.Error.Trim());
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public void Inpainting_a_whole_photo_without_a_mask_is_refused()
    {
        var run = CliProcess.Run("inpaint", SharedData.File("faces", "whole", "00.jpg"), "-o", _temp.File("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("needs --mask", run.Error);
    }

    [Fact]
    public void Colorizing_a_gray_photo_keeps_the_colour_that_restore_would_turn_gray()
    {
        string model = _temp.File("tint.onnx");
        TintModel().Save(model);
        string photo = SharedData.File("faces", "gray", "Einstein01.png");

        var colorize = CliProcess.Run("colorize", photo, "-o", _temp.File("colour"), "--model", model, "-s", "1");
        var restore = CliProcess.Run("restore", photo, "-o", _temp.File("restore"), "--model", model, "-s", "1");

        Assert.True(colorize.ExitCode == 0, colorize.Error);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.True(ColouredPixels(ImageFiles.ReadRgb(Path.Combine(_temp.File("colour"), "final_results", "Einstein01.png"))) > 10_000);
        Assert.Equal(0, ColouredPixels(ImageFiles.ReadRgb(Path.Combine(_temp.File("restore"), "final_results", "Einstein01.png"))));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp.File("colour"), "report.json")));
        Assert.Equal("Colorize", report.RootElement.GetProperty("inputs")[0].GetProperty("task").GetString());
    }

    [Fact]
    public void A_missing_variant_model_says_how_to_make_it()
    {
        var run = CliProcess.Run("colorize", SharedData.File("faces", "gray", "Einstein01.png"), "-o", _temp.File("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("codeformer-colorization.onnx", run.Error);
        Assert.Contains("--network codeformer-colorization", run.Error);
    }

    private static int ColouredPixels(RgbImage image)
    {
        int count = 0;
        for (int p = 0; p < image.Pixels.Length; p += 3)
        {
            // The tint moves red and blue about 100 levels apart; a gray (or faintly sepia) face stays far below that.
            count += image.Pixels[p] - image.Pixels[p + 2] > 60 ? 1 : 0;
        }

        return count;
    }

    private static RgbImage WhiteImage(int width, int height)
    {
        var image = new RgbImage(width, height);
        image.Pixels.AsSpan().Fill(255);
        return image;
    }

    /// <summary>A fixed-fidelity stand-in (image input only, like the variants) that tints every face: red up, blue down.</summary>
    private static OnnxModel TintModel()
    {
        var g = new OnnxGraphBuilder("tint");
        string input = g.AddInput("input", OnnxElementType.Float, "N", 3, 512, 512);
        string tint = g.Constant(OnnxTensor.Float([0.4f, 0f, -0.4f], 1, 3, 1, 1));
        g.AddOutput(g.Node("Add", [input, tint]), "output", OnnxElementType.Float, "N", 3, 512, 512);
        return g.Build();
    }
}
