using CodeFormer.Network.Catalog;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Conversion;
using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Checkpoints;
using CodeFormer.Network.Tests.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Families;

/// <summary>
/// The released files' layouts (zip and legacy stream, <c>module.</c> prefixes, int64 num_batches_tracked) load;
/// a checkpoint that does not fit its network is refused by naming what is missing, unexpected or mis-shaped.
/// </summary>
public sealed class FamilyCheckpointTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> TinyCheckpoints => new()
    {
        { "retinaface_resnet50", "tiny_checkpoint.pth" },
        { "retinaface_resnet50", "tiny_checkpoint_legacy.pth" },
        { "retinaface_mobilenet0.25", "tiny_checkpoint.pth" },
        { "retinaface_mobilenet0.25", "tiny_checkpoint_legacy.pth" },
        { "parsenet", "tiny_checkpoint.pth" },
    };

    [Theory]
    [MemberData(nameof(TinyCheckpoints))]
    public void Tiny_checkpoints_hold_the_rule_weights_of_the_first_entries_under_the_released_names(string folder, string file)
    {
        var reference = new FamilyReference(folder);
        var manifest = reference.ManifestEntries();
        string prefix = folder == "retinaface_resnet50" ? "module." : string.Empty;

        var loaded = TorchCheckpoint.ReadStateDict(reference.File(file), key: null);

        Assert.Equal(manifest.Take(loaded.Count).Select(e => prefix + e.Name), loaded.Names);
        for (int p = 0; p < loaded.Count; p++)
        {
            var tensor = loaded[loaded.Names[p]];
            Assert.Equal(manifest[p].Shape, tensor.Shape);
            Assert.Equal(RuleWeights.Values(p, manifest[p]), tensor.Data); // bit for bit; num_batches_tracked (int64) reads as 0
        }
    }

    [Fact]
    public void Zip_and_legacy_files_give_the_same_tensors()
    {
        var zip = TorchCheckpoint.ReadStateDict(FamilyReference.ResNet50.File("tiny_checkpoint.pth"), key: null);
        var legacy = TorchCheckpoint.ReadStateDict(FamilyReference.ResNet50.File("tiny_checkpoint_legacy.pth"), key: null);
        Assert.Equal(zip.Names, legacy.Names);
        Assert.All(zip.Names, n => Assert.Equal(zip[n].Data, legacy[n].Data));
    }

    [Fact]
    public void An_integer_tensor_that_is_not_a_batch_counter_is_refused()
    {
        string path = _temp.File("int.pth");
        var set = new ParameterSet();
        set.Add("body.conv1.num_batches_tracked", new FloatTensor([0], []));
        TorchZipWriter.WriteTopLevelStateDict(path, set);
        Assert.Single(TorchCheckpoint.ReadStateDict(path, key: null).Names);

        var writer = new TorchZipWriter();
        writer.Op(0x80).Op(2).Global("collections", "OrderedDict").Op(')').Op('R').Op('(');
        writer.Tensor("body.conv1.weight", "0", "LongStorage", new byte[8], 1, 0, [1], null);
        writer.Op('u').Op('.');
        writer.Save(path);
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(path, key: null));
        Assert.Contains("body.conv1.weight", ex.Message, StringComparison.Ordinal);
        Assert.Contains("int64", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retinaface_resnet50", NetworkCatalog.RetinaFaceResNet50Name, "body.layer1.0.conv1.weight")]
    [InlineData("retinaface_mobilenet0.25", NetworkCatalog.RetinaFaceMobileNet025Name, "body.stage1.1.0.weight")]
    [InlineData("parsenet", NetworkCatalog.ParseNetName, "encoder.1.conv1.norm.norm.bias")]
    public void A_partial_checkpoint_is_recognised_and_refused_naming_the_missing_tensors(string folder, string network, string aMissingName)
    {
        string checkpoint = new FamilyReference(folder).File("tiny_checkpoint.pth");
        string model = _temp.File(network + ".onnx");

        var ex = Assert.Throws<ParameterMismatchException>(() => NetworkConverter.ConvertRecognised(checkpoint, model));

        Assert.Equal(network, NetworkCatalog.Recognise(TorchCheckpoint.ReadLayout(checkpoint), "tiny").Name);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains(aMissingName, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", ex.Message, StringComparison.Ordinal); // the prefix was stripped, the counters accepted
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void The_codeformer_checkpoint_is_recognised_under_params_ema()
    {
        var layout = TorchCheckpoint.ReadLayout(SharedData.File("network", "tiny_checkpoint.pth"));
        Assert.Equal(NetworkCatalog.CodeFormer, NetworkCatalog.Recognise(layout, "tiny"));
    }

    [Fact]
    public void Another_network_s_checkpoint_is_refused_naming_what_does_not_fit()
    {
        string checkpoint = FamilyReference.MobileNet025.File("tiny_checkpoint.pth");
        var ex = Assert.Throws<ParameterMismatchException>(() =>
            NetworkConverter.Convert(NetworkCatalog.RetinaFaceResNet50, checkpoint, _temp.File("wrong.onnx")));
        Assert.Contains("RetinaFace ResNet-50", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected (body.stage1.0.0.weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mis_shaped_tensor_is_named_with_both_shapes()
    {
        var specs = RetinaFaceParameters.Specs(RetinaFaceBackbone.MobileNet025);
        var rule = RuleWeights.Generate(specs);
        var bad = new ParameterSet();
        foreach (string name in rule.Names)
        {
            bad.Add(name, name == "fpn.merge1.0.weight" ? new FloatTensor(new float[64 * 64], [64, 64, 1, 1]) : rule[name]);
        }

        string path = _temp.File("misshaped.pth");
        TorchZipWriter.WriteTopLevelStateDict(path, bad);
        var ex = Assert.Throws<ParameterMismatchException>(() => NetworkConverter.Convert(NetworkCatalog.RetinaFaceMobileNet025, path, _temp.File("m.onnx")));
        Assert.Contains("fpn.merge1.0.weight: expected [64, 64, 3, 3], found [64, 64, 1, 1]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("module.")]
    [InlineData("")]
    public void A_full_checkpoint_in_the_released_layout_converts_to_the_same_network(string prefix)
    {
        var backbone = RetinaFaceBackbone.MobileNet025;
        var rule = RuleWeights.Generate(RetinaFaceParameters.Specs(backbone));
        string checkpoint = _temp.File("detection_mobilenet0.25_Final.pth");
        TorchZipWriter.WriteTopLevelStateDict(checkpoint, rule, prefix);
        string model = _temp.File("converted.onnx");

        var (network, result) = NetworkConverter.ConvertRecognised(checkpoint, model);

        Assert.Equal(NetworkCatalog.RetinaFaceMobileNet025, network);
        Assert.Equal(300, result.TensorCount);
        var reference = FamilyReference.MobileNet025;
        using var session = OrtRun.Open(model);
        var outputs = OrtRun.Run(session, (RetinaFaceSignature.Input, OrtRun.Floats(reference.Floats("input.bin"), 1, 3, 640, 1013)));
        Assert.True(FloatArrays.MaxAbsDifference(reference.Floats("conf.bin"), outputs[RetinaFaceSignature.Conf]) < 1e-4f);
    }
}
