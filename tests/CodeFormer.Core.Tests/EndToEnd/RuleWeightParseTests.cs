using System.Text.Json;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Parsing;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Tests.Golden;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.EndToEnd;

/// <summary>
/// The parse cases end to end: each restored face parsed by the rule-weight ParseNet (built by CodeFormer.Network)
/// through <see cref="FaceParser"/>, pasted through the parse masks, against the official images at ≥ 45 dB (upscale 1
/// and 2; the labels do not depend on the upscale).
/// </summary>
public sealed class RuleWeightParseTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("single_portrait_upright", "identity")]
    [InlineData("single_portrait_upright", "invert")]
    [InlineData("two_faces_tilted", "identity")]
    [InlineData("two_faces_tilted", "invert")]
    public void Pasted_images_match_the_official_ones(string name, string restorer)
    {
        string folder = SharedData.File("family", "parsenet", "cases", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var input = ImageFiles.ReadRgb(Path.Combine(folder, "input.png"));
        using var parser = new FaceParser(ModelSource.FromBytes("parsenet-rule.onnx", RuleWeightNetworks.ParseNet));

        int face = 0;
        var faces = GoldenCase.Load(name).Landmarks.Select(l =>
        {
            var aligned = FaceAligner.Align(input, l);
            var restored = PasteParityTests.Restore(aligned.Crop, restorer);
            var labels = parser.Parse(restored);
            var recorded = PasteBack.ParseMaskTests.ReadLabels(Path.Combine(folder, $"labels_{restorer}_{face++}.png"));
            output.WriteLine($"{name} {restorer} face {face - 1}: {labels.Where((v, i) => v != recorded[i]).Count()} labels differ from the official");
            return new PasteFace(aligned.ImageToCrop, aligned.Crop, restored, labels);
        }).ToArray();

        foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray().Where(r => r.GetProperty("restorer").GetString() == restorer))
        {
            int upscale = run.GetProperty("upscale").GetInt32();
            var pasted = FacePaster.Paste(input, null, faces, new PasteOptions(upscale));
            double psnr = Psnr.Of(ImageFiles.ReadRgb(Path.Combine(folder, run.GetProperty("paste").GetString()!)), pasted.Rgb);
            output.WriteLine($"{name} s{upscale} {restorer}: {psnr:F2} dB");
            Assert.True(psnr >= 45, $"{name} s{upscale} {restorer}: {psnr:F2} dB");
        }
    }
}
