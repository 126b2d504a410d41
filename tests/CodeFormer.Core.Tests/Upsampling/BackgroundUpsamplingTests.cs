using CodeFormer.Core.Inference;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Core.Upsampling;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Upsampling;

/// <summary>
/// <c>--bg_upsampler realesrgan</c> in the pipeline: Real-ESRGAN on the photo as given, then Lanczos4 to the
/// enlarged working size × upscale, is the canvas the faces are pasted onto (case official_bg_00).
/// </summary>
[Trait("Category", "FullSize")]
public sealed class BackgroundUpsamplingTests(RealEsrganFixture model, ITestOutputHelper log) : IClassFixture<RealEsrganFixture>
{
    [Fact]
    public void A_photo_without_faces_comes_back_as_the_official_pipeline_background()
    {
        string folder = SharedData.File("family", "realesrgan_x2plus", "cases", "official_bg_00");
        var photo = ImageFiles.ReadRgb(Path.Combine(folder, "input.png"));
        using var restorer = new CodeFormerRestorer(ModelSource.FromBytes("identity", StandInModels.Identity().ToArray()), InferenceOptions.Default);
        var pipeline = new RestorationPipeline(new FacePreparer(null), restorer, model.Upsampler);
        var options = new RestoreOptions(upscale: 2) { BackgroundUpsampling = UpsamplerOptions.Pipeline };

        var result = pipeline.Run("00", photo, null, options, knownFaces: []);

        var expected = ImageFiles.ReadRgb(Path.Combine(folder, "pipeline_background.png"));
        double psnr = Psnr.Of(expected, result.Final.Rgb);
        log.WriteLine($"pipeline background {result.Final.Rgb.Width}×{result.Final.Rgb.Height}: PSNR {psnr:F1} dB");
        Assert.Equal("realesrgan-x2plus", result.Report.BackgroundUpsampler);
        Assert.True(psnr >= 45, $"PSNR {psnr:F1} dB");
    }
}
