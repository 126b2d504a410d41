using System.Diagnostics;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Parsing;
using CodeFormer.Network.Tests.Onnx;
using Xunit.Abstractions;

namespace CodeFormer.Network.Tests.Families;

/// <summary>ParseNet built from rule weights reproduces the official logits and image on the aligned face through ONNX Runtime.</summary>
public sealed class ParseNetReferenceTests(ITestOutputHelper log)
{
    private const int Pixels = 512 * 512;

    // The rule-weight logits are tiny (range 0.13, std 0.023), so the bound is stated against that range too:
    // 1e-3 of it (1.3e-4 absolute) is still 8× tighter than the absolute 1e-3.
    private const float RelativeTolerance = 1e-3f;

    [Fact]
    public void Parameter_specs_are_the_manifest_entries_in_order()
    {
        var expected = FamilyReference.ParseNet.ManifestEntries();
        var specs = ParseNetParameters.Specs();
        Assert.Equal(expected.Select(e => e.ToString()), specs.Select(s => s.ToString()));
        Assert.Equal(expected.Select(e => e.Optional), specs.Select(s => s.Optional));
    }

    [Fact]
    public void Rule_weight_network_matches_the_official_outputs_and_labels()
    {
        var reference = FamilyReference.ParseNet;
        var clock = Stopwatch.StartNew();
        var model = ParseNetOnnxBuilder.Build(RuleWeights.Generate(ParseNetParameters.Specs())).ToArray();
        var build = clock.Elapsed;
        using var session = OrtRun.Open(model);
        clock.Restart();
        var outputs = OrtRun.Run(session, (ParseNetSignature.Input, OrtRun.Floats(reference.Floats("input.bin"), 1, 3, 512, 512)));
        log.WriteLine($"model {model.Length / 1e6:F1} MB built in {build.TotalSeconds:F1} s, one forward {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal([ParseNetSignature.Parsing, ParseNetSignature.Image], session.OutputNames);

        float[] expectedLogits = reference.Floats("output_parsing.bin");
        foreach (var (name, expected) in new[] { (ParseNetSignature.Parsing, expectedLogits), (ParseNetSignature.Image, reference.Floats("output_image.bin")) })
        {
            var (maxAbs, relative) = FamilyReference.Compare(expected, outputs[name]);
            log.WriteLine($"  {name}: max |error| {maxAbs:E2} ({relative:E2} of its range)");
            Assert.True(maxAbs <= 1e-3f && relative <= RelativeTolerance, $"{name}: max |error| {maxAbs} ({relative} of the range)");
        }

        // Labels: the argmax must agree wherever the official top-2 margin is clearly above the logit error.
        float maxError = FamilyReference.Compare(expectedLogits, outputs[ParseNetSignature.Parsing]).MaxAbs;
        float margin = 4 * maxError;
        int compared = 0, disagree = 0, agreeAll = 0;
        for (int i = 0; i < Pixels; i++)
        {
            var (expectedLabel, expectedMargin) = ArgMax(expectedLogits, i);
            var (label, _) = ArgMax(outputs[ParseNetSignature.Parsing], i);
            agreeAll += label == expectedLabel ? 1 : 0;
            if (expectedMargin > margin)
            {
                compared++;
                disagree += label != expectedLabel ? 1 : 0;
            }
        }

        log.WriteLine($"  labels: {agreeAll}/{Pixels} equal; all {compared} pixels with a top-2 margin > {margin:E1} agree: {disagree == 0}");
        Assert.Equal(0, disagree);
    }

    private static (int Label, float Margin) ArgMax(float[] logits, int pixel)
    {
        int best = 0;
        float top = logits[pixel], second = float.NegativeInfinity;
        for (int c = 1; c < ParseNetParameters.ParsingChannels; c++)
        {
            float v = logits[(c * Pixels) + pixel];
            if (v > top)
            {
                second = top;
                top = v;
                best = c;
            }
            else if (v > second)
            {
                second = v;
            }
        }

        return (best, top - second);
    }
}
