using CodeFormer.Core.Alignment;
using CodeFormer.Core.Imaging;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Golden;

/// <summary>Same landmarks → the official matrices and crops.</summary>
public sealed class AlignmentParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new(GoldenCase.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fitted_matrix_matches_the_official_one_within_1e3(string name)
    {
        var golden = GoldenCase.Load(name);
        var run = golden.Runs[0];
        double worst = 0;
        for (int i = 0; i < golden.Landmarks.Count; i++)
        {
            var matrix = FaceAligner.MatrixFor(golden.Landmarks[i].Scale(run.WorkingScale));
            var expected = run.Affine[i];
            double[] a = [matrix.M00, matrix.M01, matrix.M02, matrix.M10, matrix.M11, matrix.M12];
            double[] e = [expected.M00, expected.M01, expected.M02, expected.M10, expected.M11, expected.M12];
            for (int k = 0; k < 6; k++)
            {
                Assert.True(Math.Abs(a[k] - e[k]) <= 1e-3, $"{name} face {i} coefficient {k}: {a[k]} vs official {e[k]}");
                worst = Math.Max(worst, Math.Abs(a[k] - e[k]));
            }
        }

        output.WriteLine($"{name}: max |affine − official| = {worst:E1}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Crops_match_the_official_crops_above_45_dB(string name)
    {
        var golden = GoldenCase.Load(name);
        var run = golden.Runs[0];
        var input = golden.Input();
        var working = run.WorkingScale == 1.0 ? input : WorkingImageFor(input, run.WorkingScale);
        for (int i = 0; i < golden.Landmarks.Count; i++)
        {
            var crop = FaceAligner.Align(working, golden.Landmarks[i].Scale(run.WorkingScale)).Crop;
            double psnr = Psnr.Of(golden.Image(run.Crops[i]), crop);
            output.WriteLine($"{name} crop {i}: {psnr:F2} dB");
            Assert.True(psnr >= 45, $"{name} crop {i}: {psnr:F2} dB");
        }
    }

    private static RgbImage WorkingImageFor(RgbImage input, double scale)
    {
        var (w, h) = BilinearResize.ScaledSize(input.Width, input.Height, scale);
        return BilinearResize.Resize(input, w, h, scale, scale);
    }
}
