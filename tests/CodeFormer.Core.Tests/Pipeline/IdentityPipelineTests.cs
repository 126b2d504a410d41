using CodeFormer.Core.Detection;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Pipeline;
using CodeFormer.Core.Restoration;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Pipeline;

/// <summary>
/// The whole path — detect, align, restore, paste — with a network that returns its input: the photo must come
/// back as itself. Outside each pasted square nothing is touched (exactly equal); inside, only a warp there and
/// back (two bilinear resamplings) separates face from photo, so the whole image stays above 45 dB (measured 48–62 dB).
/// </summary>
public sealed class IdentityPipelineTests(ITestOutputHelper output) : IDisposable
{
    private readonly IFaceDetector _detector = FaceDetectorFactory.Create(DetectorKind.BlazeFace);
    private readonly CodeFormerRestorer _restorer = new(ModelSource.FromBytes("identity", StandInModels.Identity().ToArray()), InferenceOptions.Default, new RestorerOptions(4));

    [Theory]
    [InlineData("00.jpg", 1)]
    [InlineData("00.jpg", 2)]
    [InlineData("05.jpg", 2)]
    public void Restoring_a_photo_with_an_identity_network_returns_the_photo(string photo, int upscale)
    {
        var input = ImageFiles.ReadRgb(SharedData.File("faces", "whole", photo));
        var pipeline = new RestorationPipeline(new FacePreparer(_detector), _restorer);

        var result = pipeline.Run(photo, input, null, new RestoreOptions(0.5, upscale));

        Assert.NotEmpty(result.Prepared.Faces);
        // The shared photos are small: the official path first enlarges them to a 512 short side.
        var working = WorkingImage.From(input, null).Rgb;
        var expected = upscale == 1 ? working : BilinearResize.Resize(working, working.Width * upscale, working.Height * upscale);
        Assert.Equal(expected.Width, result.Final.Rgb.Width);
        double whole = Psnr.Of(expected, result.Final.Rgb);
        // A pixel more than two canvas pixels outside every pasted 512² square is never touched. (Right at the
        // square's right and bottom edges the feathered mask reaches one pixel past the hard mask, where the official
        // blend darkens the background by one level through truncation; we reproduce that.)
        var canvasToCrop = result.Prepared.Faces.Select(f => FacePaster.CropToCanvas(f.ImageToCrop, upscale).Invert()).ToArray();
        double outsideFaces = Psnr.Of(expected, result.Final.Rgb, (x, y) => canvasToCrop.All(m =>
        {
            double margin = 2 * Math.Sqrt(Math.Abs(m.Determinant));
            var p = m.Apply(new(x, y));
            return p.X < -margin || p.Y < -margin || p.X > 512 + margin || p.Y > 512 + margin;
        }));
        output.WriteLine($"{photo} s{upscale}: {result.Prepared.Faces.Count} faces, whole image {whole:F1} dB, away from faces {outsideFaces:F1} dB");
        Assert.True(whole >= 45, $"whole image {whole:F1} dB");
        Assert.True(double.IsPositiveInfinity(outsideFaces), $"pixels away from every face changed: {outsideFaces:F1} dB");
    }

    public void Dispose()
    {
        _detector.Dispose();
        _restorer.Dispose();
    }
}
