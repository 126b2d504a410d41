using CodeFormer.Testing;
using System.Diagnostics;
using CodeFormer.Network.Tests.Onnx;
using Xunit.Abstractions;

namespace CodeFormer.Network.Tests.Reference;

/// <summary>
/// The proof that the built network is CodeFormer: the released architecture with rule weights reproduces the
/// official network's output for a real face at w = 0, 0.5 and 1.
/// </summary>
[Trait("Category", "FullSize")]
public sealed class FullSizeReferenceTests(FullSizeModelFixture model, ITestOutputHelper log) : IClassFixture<FullSizeModelFixture>
{
    // Float32 summation order differs between PyTorch and ONNX Runtime (and GroupNorm is computed differently);
    // through ~60 convolutions that drifts by ~1e-5 … 1e-4 on an output of about ±1. 1e-3 is the bound.
    private const float Tolerance = 1e-3f;

    // A top-2 logit margin under this is a near-tie that rounding may flip; elsewhere the index must agree.
    private const float MarginForIndexCheck = 1e-3f;

    [Theory]
    [InlineData("0.0", 0.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("1.0", 1.0)]
    public void Rule_weight_network_matches_the_official_output(string name, double w)
    {
        float[] input = NetworkReference.Input();
        float[] expected = NetworkReference.Output(name);
        var (topIndex, margin) = NetworkReference.Codes(name);

        var clock = Stopwatch.StartNew();
        var outputs = OrtRun.Run(model.Session, ("input", OrtRun.Floats(input, 1, 3, 512, 512)), ("weight", OrtRun.Doubles([w], 1)));
        var inference = clock.Elapsed;

        float[] output = outputs["output"];
        float maxError = FloatArrays.MaxAbsDifference(expected, output);
        int[] indices = ArgMaxPerToken(outputs["logits"], 1024);
        int compared = 0;
        var disagreements = new List<int>();
        for (int t = 0; t < topIndex.Length; t++)
        {
            if (margin[t] > MarginForIndexCheck)
            {
                compared++;
                if (indices[t] != topIndex[t])
                {
                    disagreements.Add(t);
                }
            }
        }

        int agreeAll = indices.Zip(topIndex).Count(p => p.First == p.Second);
        log.WriteLine($"w={name}: max |error| {maxError:E3}, code indices equal {agreeAll}/256 (all {compared} tokens with margin > {MarginForIndexCheck} agree: {disagreements.Count == 0}), inference {inference.TotalSeconds:F2} s");
        log.WriteLine($"model {model.ModelBytes / 1e6:F1} MB: rule weights {model.WeightsTime.TotalSeconds:F1} s, build+write {model.BuildTime.TotalSeconds:F1} s, session {model.SessionTime.TotalSeconds:F1} s");

        Assert.Empty(disagreements);
        Assert.True(maxError <= Tolerance, $"max |error| {maxError} exceeds {Tolerance} at w={name}");
    }

    [Fact]
    public void The_fidelity_input_changes_the_output()
    {
        float[] input = NetworkReference.Input();
        var low = OrtRun.Run(model.Session, ("input", OrtRun.Floats(input, 1, 3, 512, 512)), ("weight", OrtRun.Doubles([0.0], 1)));
        var high = OrtRun.Run(model.Session, ("input", OrtRun.Floats(input, 1, 3, 512, 512)), ("weight", OrtRun.Doubles([1.0], 1)));

        float difference = FloatArrays.MaxAbsDifference(low["output"], high["output"]);
        float referenceDifference = FloatArrays.MaxAbsDifference(NetworkReference.Output("0.0"), NetworkReference.Output("1.0"));
        log.WriteLine($"max |output(w=1) − output(w=0)| = {difference:F4} (reference {referenceDifference:F4})");

        Assert.True(difference > 0.05f, $"w barely changes the output ({difference}).");
        Assert.Equal(low["logits"], high["logits"]); // w acts only after code prediction
    }

    [Fact]
    public void A_full_size_checkpoint_converts_to_the_identical_model()
    {
        string checkpoint = Path.Combine(model.Folder, "codeformer-rule.pth");
        string converted = Path.Combine(model.Folder, "converted.onnx");
        var clock = Stopwatch.StartNew();
        Checkpoints.TorchZipWriter.WriteStateDict(checkpoint, Parameters.RuleWeights.Generate(Network.Architecture.CodeFormerConfig.Released));
        var written = clock.Elapsed;
        try
        {
            var result = Conversion.CheckpointConverter.Convert(checkpoint, converted, CodeFormerBuildOptions.Released);
            log.WriteLine($"checkpoint {new FileInfo(checkpoint).Length / 1e6:F1} MB written in {written.TotalSeconds:F1} s; converted in {result.Elapsed.TotalSeconds:F1} s");

            Assert.Equal(515, result.TensorCount);
            Assert.Equal(94_112_707, result.ValueCount);
            Assert.True(SameBytes(model.ModelPath, converted), "the converted model differs from the one built from the same weights");
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(converted);
        }
    }

    private static bool SameBytes(string a, string b)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        if (fa.Length != fb.Length)
        {
            return false;
        }

        var ba = new byte[1 << 20];
        var bb = new byte[1 << 20];
        int n;
        while ((n = fa.Read(ba)) > 0)
        {
            fb.ReadExactly(bb.AsSpan(0, n));
            if (!ba.AsSpan(0, n).SequenceEqual(bb.AsSpan(0, n)))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] ArgMaxPerToken(float[] logits, int codes)
    {
        var result = new int[logits.Length / codes];
        for (int t = 0; t < result.Length; t++)
        {
            var row = logits.AsSpan(t * codes, codes);
            int best = 0;
            for (int k = 1; k < codes; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            result[t] = best;
        }

        return result;
    }
}
