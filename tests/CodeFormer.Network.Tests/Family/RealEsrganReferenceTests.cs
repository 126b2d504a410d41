using System.Runtime.InteropServices;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Conversion;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Checkpoints;
using CodeFormer.Network.Tests.Onnx;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Network.Tests.Family;

/// <summary>RRDBNet ×2 built from its description reproduces the official network with rule weights.</summary>
public sealed class RealEsrganReferenceTests(RealEsrganModelFixture model, ITestOutputHelper log) : IClassFixture<RealEsrganModelFixture>
{
    private const float Tolerance = 1e-3f;

    [Fact]
    public void The_description_derives_the_checkpoint_tensor_list_exactly_in_order()
    {
        var expected = model.Reference.ManifestEntries();
        var derived = RealEsrganParameters.Specs();

        Assert.Equal(702, derived.Count);
        Assert.Equal(expected.Select(e => e.Name), derived.Select(d => d.Name));
        Assert.Equal(expected.Select(e => e.ShapeText), derived.Select(d => d.ShapeText));
        Assert.Equal(16_703_171, derived.Sum(s => s.ElementCount));
    }

    [Fact]
    public void The_tiny_released_layout_checkpoint_reads_back_as_the_rule_weights_and_names_what_is_missing()
    {
        var parameters = TorchCheckpoint.ReadStateDict(model.Reference.File("tiny_checkpoint.pth"), model.Reference.CheckpointKey());
        var manifest = model.Reference.ManifestEntries();

        Assert.Equal(6, parameters.Count);
        for (int p = 0; p < parameters.Count; p++)
        {
            Assert.Equal(manifest[p].Name, parameters.Names[p]);
            Assert.True(
                MemoryMarshal.AsBytes(RuleWeights.Values(p, manifest[p]).AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(parameters[manifest[p].Name].Data.AsSpan())),
                $"{manifest[p].Name} differs from the weight rule");
        }

        string target = Path.Combine(model.Folder, "tiny.onnx");
        var mismatch = Assert.Throws<ParameterMismatchException>(() => RealEsrganConverter.Convert(model.Reference.File("tiny_checkpoint.pth"), target));
        Assert.Equal(696, mismatch.Check.Missing.Count);
        Assert.Contains("body.0.rdb1.conv3.weight", mismatch.Message);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Rule_weight_network_matches_the_official_output_on_a_photo_patch()
    {
        float[] input = model.Reference.Floats("input.bin");
        var output = OrtRun.Run(model.Session, ("input", OrtRun.Floats(input, 1, 3, 64, 96)))["output"];

        float maxError = FloatArrays.MaxAbsDifference(model.Reference.Floats("network_output.bin"), output);
        log.WriteLine($"realesrgan_x2plus 64×96 → 128×192: max |error| {maxError:E3}");
        Assert.True(maxError <= Tolerance, $"max |error| {maxError} exceeds {Tolerance}");
    }

    [Theory]
    [InlineData("params_ema")]
    [InlineData("params")]
    public void A_full_size_checkpoint_under_either_key_converts_to_the_identical_model(string key)
    {
        string checkpoint = Path.Combine(model.Folder, key + ".pth");
        string converted = Path.Combine(model.Folder, key + ".onnx");
        TorchZipWriter.WriteStateDict(checkpoint, model.Parameters, key);
        try
        {
            var result = RealEsrganConverter.Convert(checkpoint, converted);

            Assert.Equal(702, result.TensorCount);
            Assert.Equal(File.ReadAllBytes(model.ModelPath), File.ReadAllBytes(converted));
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(converted);
        }
    }
}
