using CodeFormer.Core.Alignment;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Golden;

/// <summary>
/// Same landmarks and the same "restorer" → the official pasted image. The identity restorer checks geometry
/// and blending; the invert restorer makes the feathered mask visible, so mask errors cannot hide.
/// Tolerance: ≥ 45 dB PSNR, i.e. differences at the level of interpolation rounding.
/// </summary>
public sealed class PasteParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, string> Runs
    {
        get
        {
            var data = new TheoryData<string, int, string>();
            foreach (string name in GoldenCase.Names)
            {
                foreach (var run in GoldenCase.Load(name).Runs)
                {
                    data.Add(name, run.Upscale, run.Restorer);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Pasted_image_matches_the_official_one(string name, int upscale, string restorer)
    {
        var golden = GoldenCase.Load(name);
        var run = golden.Runs.Single(r => r.Upscale == upscale && r.Restorer == restorer);
        var input = golden.Input();
        var working = run.WorkingScale == 1.0 ? input : ScaledWorking(input, run.WorkingScale);
        Assert.Equal(run.IsGray, GrayscaleCheck.IsGray(input));

        var faces = golden.Landmarks.Select(l =>
        {
            var aligned = FaceAligner.Align(working, l.Scale(run.WorkingScale));
            return new PasteFace(aligned.ImageToCrop, aligned.Crop, Restore(aligned.Crop, restorer));
        }).ToArray();

        var pasted = FacePaster.Paste(working, null, faces, new PasteOptions(upscale, run.IsGray));
        var expected = golden.Image(run.Paste);
        double psnr = Psnr.Of(expected, pasted.Rgb);
        output.WriteLine($"{name} s{upscale} {restorer}: {psnr:F2} dB");
        Assert.True(psnr >= 45, $"{name} s{upscale} {restorer}: {psnr:F2} dB");
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Paste_matrix_matches_the_official_inverse_affine(string name, int upscale, string restorer)
    {
        var golden = GoldenCase.Load(name);
        var run = golden.Runs.Single(r => r.Upscale == upscale && r.Restorer == restorer);
        for (int i = 0; i < run.Affine.Count; i++)
        {
            var m = FacePaster.CropToCanvas(run.Affine[i], upscale);
            var e = run.InverseAffine[i];
            Assert.Equal(e.M00, m.M00, 1e-9);
            Assert.Equal(e.M01, m.M01, 1e-9);
            Assert.Equal(e.M02, m.M02, 1e-6);
            Assert.Equal(e.M10, m.M10, 1e-9);
            Assert.Equal(e.M11, m.M11, 1e-9);
            Assert.Equal(e.M12, m.M12, 1e-6);
        }
    }

    internal static RgbImage Restore(RgbImage crop, string restorer)
    {
        if (restorer == "identity")
        {
            return crop.Clone();
        }

        var inverted = crop.Clone();
        for (int i = 0; i < inverted.Pixels.Length; i++)
        {
            inverted.Pixels[i] = (byte)(255 - inverted.Pixels[i]);
        }

        return inverted;
    }

    private static RgbImage ScaledWorking(RgbImage input, double scale)
    {
        var (w, h) = BilinearResize.ScaledSize(input.Width, input.Height, scale);
        return BilinearResize.Resize(input, w, h, scale, scale);
    }
}
