using System.Diagnostics;
using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Onnx;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Network.Tests.Families;

/// <summary>
/// Both RetinaFace variants, built from rule weights, reproduce the official network's raw outputs on the
/// prepared photo (1×3×640×1013, P = 26720) through a real ONNX Runtime session.
/// </summary>
public sealed class RetinaFaceReferenceTests(ITestOutputHelper log)
{
    // PyTorch float32 vs float64 differs by < 1e-6 here (reference.json float64_check); ORT sums in another
    // order. 1e-4 is still far below any decision (scores are compared with a 0.8 threshold, NMS at IoU 0.4).
    private const float Tolerance = 1e-4f;

    public static TheoryData<RetinaFaceBackbone> Backbones => new() { RetinaFaceBackbone.ResNet50, RetinaFaceBackbone.MobileNet025 };

    private static FamilyReference Reference(RetinaFaceBackbone backbone) =>
        backbone == RetinaFaceBackbone.ResNet50 ? FamilyReference.ResNet50 : FamilyReference.MobileNet025;

    [Theory]
    [MemberData(nameof(Backbones))]
    public void Parameter_specs_are_the_manifest_entries_in_order(RetinaFaceBackbone backbone)
    {
        var expected = Reference(backbone).ManifestEntries();
        var specs = RetinaFaceParameters.Specs(backbone);
        Assert.Equal(expected.Select(e => e.ToString()), specs.Select(s => s.ToString()));
        Assert.Equal(expected.Select(e => e.Optional), specs.Select(s => s.Optional));
    }

    [Theory]
    [MemberData(nameof(Backbones))]
    public void Rule_weight_network_matches_the_official_outputs(RetinaFaceBackbone backbone)
    {
        var reference = Reference(backbone);
        var clock = Stopwatch.StartNew();
        var model = RetinaFaceOnnxBuilder.Build(RuleWeights.Generate(RetinaFaceParameters.Specs(backbone)), backbone).ToArray();
        var build = clock.Elapsed;
        using var session = OrtRun.Open(model);
        clock.Restart();
        var outputs = OrtRun.Run(session, (RetinaFaceSignature.Input, OrtRun.Floats(reference.Floats("input.bin"), 1, 3, 640, 1013)));
        log.WriteLine($"{backbone}: model {model.Length / 1e6:F1} MB built in {build.TotalSeconds:F1} s, one forward at 640×1013 {clock.Elapsed.TotalSeconds:F2} s");

        Assert.Equal([RetinaFaceSignature.Loc, RetinaFaceSignature.Conf, RetinaFaceSignature.Landmarks], session.OutputNames);
        foreach (string name in new[] { RetinaFaceSignature.Loc, RetinaFaceSignature.Conf, RetinaFaceSignature.Landmarks })
        {
            var (maxAbs, relative) = FamilyReference.Compare(reference.Floats(name + ".bin"), outputs[name]);
            log.WriteLine($"  {name}: max |error| {maxAbs:E2} ({relative:E2} of its range)");
            Assert.True(maxAbs <= Tolerance, $"{backbone} {name}: max |error| {maxAbs} exceeds {Tolerance}");
        }
    }

    [Fact]
    public void Height_width_and_batch_are_dynamic_and_odd_sizes_give_the_official_prior_count()
    {
        var backbone = RetinaFaceBackbone.MobileNet025;
        var model = RetinaFaceOnnxBuilder.Build(RuleWeights.Generate(RetinaFaceParameters.Specs(backbone)), backbone).ToArray();
        using var session = OrtRun.Open(model);
        const int h = 37, w = 50; // levels 5×7, 3×4, 2×2 cells
        var rng = new Random(9);
        float[] input = Enumerable.Range(0, 2 * 3 * h * w).Select(_ => (float)(rng.NextDouble() * 255 - 117)).ToArray();
        var both = OrtRun.Run(session, (RetinaFaceSignature.Input, OrtRun.Floats(input, 2, 3, h, w)));
        var second = OrtRun.Run(session, (RetinaFaceSignature.Input, OrtRun.Floats(input[(3 * h * w)..], 1, 3, h, w)));

        int priors = 2 * ((5 * 7) + (3 * 4) + (2 * 2));
        Assert.Equal(2 * priors * 4, both[RetinaFaceSignature.Loc].Length);
        Assert.Equal(2 * priors * 10, both[RetinaFaceSignature.Landmarks].Length);
        float difference = FloatArrays.MaxAbsDifference(second[RetinaFaceSignature.Conf], both[RetinaFaceSignature.Conf].AsSpan(priors * 2));
        Assert.True(difference < 1e-5f, $"the second batch item differs from running it alone by {difference}");
    }
}
