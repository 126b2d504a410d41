using System.Runtime.InteropServices;
using System.Text.Json;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Tests.Golden;
using CodeFormer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.PasteBack;

/// <summary>
/// The official parse branch from recorded label maps (no network numerics): the face-space mask bit for bit, and the
/// pasted images of the parse cases (the golden scenes pasted officially with use_parse=True) at ≥ 45 dB.
/// </summary>
public sealed class ParseMaskTests(ITestOutputHelper output)
{
    private static readonly string[] s_cases = ["single_portrait_upright", "two_faces_tilted"];

    public static TheoryData<string, int, string> Runs
    {
        get
        {
            var data = new TheoryData<string, int, string>();
            foreach (string name in s_cases)
            {
                foreach (var run in CaseJson(name).GetProperty("runs").EnumerateArray())
                {
                    data.Add(name, run.GetProperty("upscale").GetInt32(), run.GetProperty("restorer").GetString()!);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Face_space_mask_from_the_reference_labels_is_bit_exact()
    {
        var labels = ReadLabels(SharedData.File("family", "parsenet", "labels.png"));
        var expected = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(SharedData.File("family", "parsenet", "parse_mask_face.f64"))).ToArray();
        var mask = ParseMask.FromLabels(labels);
        int differing = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != mask[i])
            {
                differing++;
                worst = Math.Max(worst, Math.Abs(expected[i] - mask[i]));
            }
        }

        output.WriteLine($"{differing} of {expected.Length} values differ, max |Δ| {worst:G3}");
        Assert.Equal(0, differing);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Pasted_image_from_the_recorded_labels_matches_the_official_one(string name, int upscale, string restorer)
    {
        var json = CaseJson(name);
        string folder = SharedData.File("family", "parsenet", "cases", name);
        var run = json.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("upscale").GetInt32() == upscale && r.GetProperty("restorer").GetString() == restorer);
        Assert.Equal(1.0, run.GetProperty("working_scale").GetDouble());
        var input = ImageFiles.ReadRgb(Path.Combine(folder, "input.png"));
        var landmarks = GoldenCase.Load(name).Landmarks;
        string[] labelFiles = run.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();

        var faces = landmarks.Select((l, i) =>
        {
            var aligned = FaceAligner.Align(input, l);
            return new PasteFace(aligned.ImageToCrop, aligned.Crop, PasteParityTests.Restore(aligned.Crop, restorer), ReadLabels(Path.Combine(folder, labelFiles[i])));
        }).ToArray();
        var pasted = FacePaster.Paste(input, null, faces, new PasteOptions(upscale));

        var expected = ImageFiles.ReadRgb(Path.Combine(folder, run.GetProperty("paste").GetString()!));
        double psnr = Psnr.Of(expected, pasted.Rgb);
        int differing = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            differing += expected.Pixels[i] != pasted.Rgb.Pixels[i] ? 1 : 0;
        }

        var withoutParse = FacePaster.Paste(input, null, faces.Select(f => f with { ParseLabels = null }).ToArray(), new PasteOptions(upscale));
        output.WriteLine($"{name} s{upscale} {restorer}: {psnr:F2} dB, {differing} channel values differ (without parsing {Psnr.Of(expected, withoutParse.Rgb):F2} dB)");
        Assert.True(psnr >= 45, $"{psnr:F2} dB");
    }

    [Fact]
    public void Parsing_keeps_the_grayscale_path_gray_and_only_shrinks_the_pasted_area()
    {
        var golden = GoldenCase.Load("gray_scene");
        var input = golden.Input();
        Assert.True(GrayscaleCheck.IsGray(input));
        var labels = ReadLabels(SharedData.File("family", "parsenet", "labels.png"));
        var faces = golden.Landmarks.Select(l =>
        {
            var aligned = FaceAligner.Align(input, l);
            return new PasteFace(aligned.ImageToCrop, aligned.Crop, PasteParityTests.Restore(aligned.Crop, "invert"), labels);
        }).ToArray();

        var parsed = FacePaster.Paste(input, null, faces, new PasteOptions(1, isGray: true)).Rgb;
        var plain = FacePaster.Paste(input, null, faces.Select(f => f with { ParseLabels = null }).ToArray(), new PasteOptions(1, isGray: true)).Rgb;

        Assert.True(GrayscaleCheck.IsGray(parsed));
        long changedParsed = 0, changedPlain = 0;
        for (int i = 0; i < input.Pixels.Length; i++)
        {
            changedParsed += parsed.Pixels[i] != input.Pixels[i] ? 1 : 0;
            changedPlain += plain.Pixels[i] != input.Pixels[i] ? 1 : 0;
        }

        output.WriteLine($"changed values: {changedParsed} with parsing, {changedPlain} without");
        Assert.InRange(changedParsed, 1, changedPlain - 1);
    }

    internal static byte[] ReadLabels(string path)
    {
        using var image = Image.Load<L8>(path);
        Assert.Equal((FfhqTemplate.CropSize, FfhqTemplate.CropSize), (image.Width, image.Height));
        var labels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(labels);
        return labels;
    }

    private static JsonElement CaseJson(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.File("family", "parsenet", "cases", name, "case.json")));
        return doc.RootElement.Clone();
    }
}
