using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Restoration;

/// <summary>
/// The shared mini model has the published operators and export signature; ONNX Runtime on CPU must reproduce the
/// official network's outputs for it to about 1e-4 (float32 summation order is the only difference).
/// </summary>
public sealed class MiniModelReferenceTests(MiniModelFixture fixture, ITestOutputHelper output) : IClassFixture<MiniModelFixture>
{
    [Fact]
    public void The_export_signature_is_recognised()
    {
        var signature = fixture.Restorer.Signature;
        Assert.Equal("input", signature.ImageInput);
        Assert.Equal("output", signature.ImageOutput);
        Assert.Equal(new FidelityInput("weight", IsDouble: true, IsScalar: false), signature.Fidelity);
        Assert.Equal(1, signature.FixedBatch);
    }

    [Theory]
    [InlineData(0.0, "output_w0.0.bin")]
    [InlineData(0.5, "output_w0.5.bin")]
    [InlineData(1.0, "output_w1.0.bin")]
    public void Output_matches_the_official_network_within_1e4(double w, string file)
    {
        var input = ReadFloats("input.bin");
        var expected = ReadFloats(file);
        var actual = new float[expected.Length];
        fixture.Restorer.Run(input, 1, w, actual);
        float maxError = FloatArrays.MaxAbsDifference(expected, actual);
        output.WriteLine($"w={w}: max |error| = {maxError:E2}");
        Assert.True(maxError <= 1e-4f, $"w={w}: max |error| {maxError}");
    }

    [Fact]
    public void Fidelity_changes_the_output()
    {
        var input = ReadFloats("input.bin");
        var low = new float[input.Length];
        var high = new float[input.Length];
        fixture.Restorer.Run(input, 1, 0.0, low);
        fixture.Restorer.Run(input, 1, 1.0, high);
        float difference = FloatArrays.MaxAbsDifference(low, high);
        output.WriteLine($"max |output(w=0) − output(w=1)| = {difference}");
        Assert.True(difference > 1e-2f, $"w barely changes the output: {difference}");
    }

    [Fact]
    public void Fidelity_outside_0_to_1_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Restorer.Restore([], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Restorer.Restore([], double.NaN));
    }

    [Fact]
    public void A_model_that_is_not_CodeFormer_is_refused_naming_what_was_found()
    {
        var ex = Assert.Throws<ModelSignatureException>(() =>
            new CodeFormerRestorer(ModelSource.FromFile(SharedData.File("models", "yunet-2023mar.onnx")), InferenceOptions.Default));
        output.WriteLine(ex.Message);
        Assert.Contains("Found inputs", ex.Message);
        Assert.Contains("input", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        var ex = Assert.Throws<ModelSignatureException>(() =>
            new CodeFormerRestorer(ModelSource.FromFile(SharedData.File("faces", "whole", "00.jpg")), InferenceOptions.Default));
        output.WriteLine(ex.Message);
    }

    internal static float[] ReadFloats(string file) => FloatArrays.Read(SharedData.File("models", "codeformer-mini-reference", file));

}
