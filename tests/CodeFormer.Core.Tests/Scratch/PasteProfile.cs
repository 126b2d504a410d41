using System.Diagnostics;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Tests.Golden;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Scratch;

public sealed class PasteProfile(ITestOutputHelper output)
{
    [Fact]
    public void Profile()
    {
        var golden = GoldenCase.Load("two_faces_tilted");
        var input = golden.Input();
        var faces = golden.Landmarks.Select(l => { var a = FaceAligner.Align(input, l); return new PasteFace(a.ImageToCrop, a.Crop, a.Crop); }).ToArray();
        double Cpu(Action a, int n = 10)
        {
            a();
            var p = Process.GetCurrentProcess();
            var t0 = p.TotalProcessorTime; var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) a();
            p.Refresh();
            output.WriteLine($"   wall {sw.Elapsed.TotalMilliseconds / n:F2}");
            return (p.TotalProcessorTime - t0).TotalMilliseconds / n;
        }
        output.WriteLine($"align: {Cpu(() => { foreach (var l in golden.Landmarks) FaceAligner.Align(input, l); })} ms cpu");
        output.WriteLine($"resize x2: {Cpu(() => BilinearResize.Resize(input, 1920, 1280))} ms cpu");
        output.WriteLine($"paste s2: {Cpu(() => FacePaster.Paste(input, null, faces, new PasteOptions(2)))} ms cpu");
        output.WriteLine($"paste s1: {Cpu(() => FacePaster.Paste(input, null, faces, new PasteOptions(1)))} ms cpu");
        var m = FacePaster.CropToCanvas(faces[0].ImageToCrop, 2);
        var region = FaceRegion.For(m, 2, 1920, 1280);
        output.WriteLine($"region {region}");
        var ones = new float[512 * 512]; Array.Fill(ones, 1f);
        var mask = new FloatPlane(region.Width, region.Height);
        output.WriteLine($"mask warp: {Cpu(() => AffineWarp.Plane(ones, 512, 512, m, mask.Buffer, region.Width, region.Height, region.X, region.Y))}");
        FloatPlane hard = null!;
        output.WriteLine($"erode4: {Cpu(() => hard = Erosion.Square(mask, 4))}");
        int e = (int)Math.Sqrt(hard.Sum()) / 20;
        output.WriteLine($"e={e} sum: {Cpu(() => hard.Sum())}");
        FloatPlane centre = null!;
        output.WriteLine($"erode2e: {Cpu(() => centre = Erosion.Square(hard, 2 * e))}");
        output.WriteLine($"blur: {Cpu(() => GaussianBlur.Apply(centre, 2 * e + 1))}");
        var warped = new RgbImage(region.Width, region.Height);
        output.WriteLine($"rgb warp: {Cpu(() => AffineWarp.Rgb(faces[0].Restored, m, warped, region.X, region.Y, new Rgb24Color(0, 0, 0)))}");
    }
}
