using CodeFormer.Testing;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Conversion;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Checkpoints;
using CodeFormer.Network.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Architecture;

public sealed class NarrowModelFixture : IDisposable
{
    public NarrowModelFixture()
    {
        Parameters = RuleWeights.Generate(NarrowConfig.Value);
        ModelBytes = CodeFormerOnnxBuilder.Build(Parameters, new CodeFormerBuildOptions(NarrowConfig.Value)).ToArray();
        Session = OrtRun.Open(ModelBytes);
    }

    public ParameterSet Parameters { get; }

    public byte[] ModelBytes { get; }

    public InferenceSession Session { get; }

    public void Dispose() => Session.Dispose();
}

public sealed class NarrowModelTests(NarrowModelFixture model) : IClassFixture<NarrowModelFixture>
{
    private static readonly int Size = NarrowConfig.Value.ImageSize;

    [Fact]
    public void Faces_in_a_batch_come_out_as_they_do_one_at_a_time()
    {
        float[] both = NarrowConfig.Faces(2, seed: 11);
        int one = both.Length / 2;
        var batch = Run(model.Session, both, 2, 0.5);
        var first = Run(model.Session, both[..one], 1, 0.5);
        var second = Run(model.Session, both[one..], 1, 0.5);

        // Same operators on the same numbers; only kernel blocking may differ with the batch size.
        Assert.True(FloatArrays.MaxAbsDifference(batch["output"][..one], first["output"]) < 1e-5f);
        Assert.True(FloatArrays.MaxAbsDifference(batch["output"][one..], second["output"]) < 1e-5f);
        Assert.Equal(2 * 256 * NarrowConfig.Value.CodebookSize, batch["logits"].Length);
        Assert.Equal(2 * NarrowConfig.Value.CodeDimension * 256, batch["lq_feat"].Length);
    }

    [Fact]
    public void Onnx_runtime_graph_optimizations_do_not_change_the_result()
    {
        using var plain = OrtRun.Open(model.ModelBytes, GraphOptimizationLevel.ORT_DISABLE_ALL);
        float[] face = NarrowConfig.Faces(1, seed: 5);
        foreach (double w in new[] { 0.0, 1.0 })
        {
            var optimised = Run(model.Session, face, 1, w);
            var reference = Run(plain, face, 1, w);

            // Fusions (GELU, GEMM+bias, conv+add) reorder float32 sums: differences stay at rounding level.
            Assert.True(FloatArrays.MaxAbsDifference(optimised["output"], reference["output"]) < 1e-4f, $"w={w}");
            Assert.True(FloatArrays.MaxAbsDifference(optimised["logits"], reference["logits"]) < 1e-4f, $"w={w}");
        }
    }

    [Fact]
    public void Fidelity_zero_ignores_the_fusion_branch_and_higher_fidelity_uses_it()
    {
        float[] face = NarrowConfig.Faces(1, seed: 9);
        var w0 = Run(model.Session, face, 1, 0.0);
        var w1 = Run(model.Session, face, 1, 1.0);

        Assert.True(FloatArrays.MaxAbsDifference(w0["output"], w1["output"]) > 1e-2f);
        Assert.Equal(w0["logits"], w1["logits"]);
    }

    [Fact]
    public void Float16_weights_halve_the_file_and_compute_like_float32_on_the_rounded_weights()
    {
        var options = new CodeFormerBuildOptions(NarrowConfig.Value, WeightPrecision.Float16);
        byte[] half = CodeFormerOnnxBuilder.Build(model.Parameters, options).ToArray();
        byte[] rounded = CodeFormerOnnxBuilder.Build(RoundedToHalf(model.Parameters), new CodeFormerBuildOptions(NarrowConfig.Value)).ToArray();

        Assert.InRange(half.Length, model.ModelBytes.Length * 0.45, model.ModelBytes.Length * 0.56);

        using var halfSession = OrtRun.Open(half);
        using var roundedSession = OrtRun.Open(rounded);
        Assert.Equal(typeof(float), halfSession.InputMetadata["input"].ElementType);
        Assert.Equal(typeof(double), halfSession.InputMetadata["weight"].ElementType);
        float[] face = NarrowConfig.Faces(1, seed: 2);
        var fromHalf = Run(halfSession, face, 1, 0.5);
        var fromRounded = Run(roundedSession, face, 1, 0.5);

        // ONNX Runtime folds the weight casts at load, so both run the same float32 arithmetic.
        Assert.True(FloatArrays.MaxAbsDifference(fromHalf["output"], fromRounded["output"]) < 1e-5f);
    }

    [Fact]
    public void Converting_a_checkpoint_gives_the_model_built_from_the_same_tensors()
    {
        using var folder = new TempFolder();
        string checkpoint = Path.Combine(folder.Path, "narrow.pth");
        string onnx = Path.Combine(folder.Path, "narrow.onnx");
        TorchZipWriter.WriteStateDict(checkpoint, model.Parameters);

        var result = CheckpointConverter.Convert(checkpoint, onnx, new CodeFormerBuildOptions(NarrowConfig.Value));

        Assert.Equal(model.Parameters.Count, result.TensorCount);
        Assert.Equal(model.ModelBytes, File.ReadAllBytes(onnx));
    }

    [Fact]
    public void Converting_a_checkpoint_with_missing_and_extra_tensors_names_them()
    {
        using var folder = new TempFolder();
        var damaged = new ParameterSet();
        foreach (string name in model.Parameters.Names.Where(n => n != "ft_layers.1.linear2.bias"))
        {
            var t = model.Parameters[name];
            damaged.Add(name, name == "quantize.embedding.weight" ? new FloatTensor(t.Data, [t.Shape[1], t.Shape[0]]) : t);
        }

        damaged.Add("module.extra", new FloatTensor([1f], [1]));
        string checkpoint = Path.Combine(folder.Path, "damaged.pth");
        TorchZipWriter.WriteStateDict(checkpoint, damaged);

        var ex = Assert.Throws<ParameterMismatchException>(() =>
            CheckpointConverter.Convert(checkpoint, Path.Combine(folder.Path, "x.onnx"), new CodeFormerBuildOptions(NarrowConfig.Value)));

        Assert.Contains("1 missing (ft_layers.1.linear2.bias)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("quantize.embedding.weight: expected [64, 32], found [32, 64]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 unexpected (module.extra)", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "x.onnx")));
    }

    private static Dictionary<string, float[]> Run(InferenceSession session, float[] faces, int batch, double w) =>
        OrtRun.Run(session, ("input", OrtRun.Floats(faces, batch, 3, Size, Size)), ("weight", OrtRun.Doubles([w], 1)));

    private static ParameterSet RoundedToHalf(ParameterSet parameters)
    {
        var rounded = new ParameterSet();
        foreach (string name in parameters.Names)
        {
            var t = parameters[name];
            rounded.Add(name, new FloatTensor(t.Data.Select(v => (float)(Half)v).ToArray(), t.Shape));
        }

        return rounded;
    }

}
