using System.Runtime.InteropServices;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Reference;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Checkpoints;

public sealed class TorchCheckpointTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_real_torch_save_file_reads_back_with_the_rule_weights_bit_for_bit()
    {
        var parameters = TorchCheckpoint.ReadStateDict(SharedData.File("network", "tiny_checkpoint.pth"), NetworkReference.CheckpointKey());
        var manifest = NetworkReference.ManifestEntries();

        Assert.Equal(6, parameters.Count);
        for (int p = 0; p < parameters.Count; p++)
        {
            Assert.Equal(manifest[p].Name, parameters.Names[p]);
            var tensor = parameters[manifest[p].Name];
            Assert.Equal(manifest[p].Shape, tensor.Shape);
            float[] rule = RuleWeights.Values(p, manifest[p]);
            Assert.True(
                MemoryMarshal.AsBytes(rule.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(tensor.Data.AsSpan())),
                $"{manifest[p].Name} differs from the weight rule");
        }
    }

    [Fact]
    public void Offsets_strides_and_half_storages_are_resolved_to_row_major_float32()
    {
        // One float storage [0..11] viewed three ways, and a half-precision storage.
        float[] shared = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        byte[] sharedBytes = MemoryMarshal.AsBytes(shared.AsSpan()).ToArray();
        Half[] halves = [(Half)0.5f, (Half)(-2f), (Half)1024f];
        byte[] halfBytes = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();

        var writer = new TorchZipWriter().BeginStateDict("params_ema");
        writer.Tensor("whole", "0", "FloatStorage", sharedBytes, 12, 0, [3, 4], null);
        writer.Tensor("tail", "0", "FloatStorage", sharedBytes, 12, 8, [4], null);
        writer.Tensor("transposed", "0", "FloatStorage", sharedBytes, 12, 0, [4, 3], [1, 4]);
        writer.Tensor("column", "0", "FloatStorage", sharedBytes, 12, 1, [3, 1], [4, 1]);
        writer.Tensor("half", "1", "HalfStorage", halfBytes, 3, 0, [3], null);
        string path = Path.Combine(Folder, "views.pth");
        writer.EndStateDict().Save(path);

        var p = TorchCheckpoint.ReadStateDict(path);

        Assert.Equal(["whole", "tail", "transposed", "column", "half"], p.Names);
        Assert.Equal(shared, p["whole"].Data);
        Assert.Equal([8f, 9f, 10f, 11f], p["tail"].Data);
        Assert.Equal([0f, 4f, 8f, 1f, 5f, 9f, 2f, 6f, 10f, 3f, 7f, 11f], p["transposed"].Data);
        Assert.Equal([4, 3], p["transposed"].Shape);
        Assert.Equal([1f, 5f, 9f], p["column"].Data);
        Assert.Equal([0.5f, -2f, 1024f], p["half"].Data);
    }

    [Fact]
    public void A_state_dict_written_by_the_test_writer_round_trips()
    {
        var original = new ParameterSet();
        original.Add("a.weight", new FloatTensor([1f, -2f, 3.5f, float.Epsilon], [2, 2]));
        original.Add("a.bias", new FloatTensor([0.25f], [1]));
        string path = Path.Combine(Folder, "roundtrip.pth");
        TorchZipWriter.WriteStateDict(path, original);

        var read = TorchCheckpoint.ReadStateDict(path);

        Assert.Equal(original.Names, read.Names);
        Assert.Equal(original["a.weight"].Data, read["a.weight"].Data);
        Assert.Equal(original["a.bias"].Data, read["a.bias"].Data);
    }

    [Fact]
    public void A_module_state_dict_with_its_metadata_attribute_reads()
    {
        var writer = new TorchZipWriter().BeginStateDict("params_ema");
        writer.Tensor("w", "0", "FloatStorage", MemoryMarshal.AsBytes(new[] { 3f }.AsSpan()).ToArray(), 1, 0, [1], null);
        string path = Path.Combine(Folder, "metadata.pth");
        writer.EndStateDictWithMetadata().Save(path);

        var p = TorchCheckpoint.ReadStateDict(path);

        Assert.Equal(["w"], p.Names);
        Assert.Equal([3f], p["w"].Data);
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("torch", "load")]
    [InlineData("collections", "defaultdict")]
    public void A_pickle_naming_a_global_outside_the_allow_list_is_refused_by_name(string module, string name)
    {
        // The classic payload: GLOBAL os.system, ('echo pwned',), REDUCE.
        var writer = new TorchZipWriter().Op(0x80).Op(2).Global(module, name).Op('(').Str("echo pwned").Op('t').Op('R').Op('.');
        string path = Save(writer);

        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains($"'{module}.{name}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stack_global_is_held_to_the_same_allow_list()
    {
        var writer = new TorchZipWriter().Op(0x80).Op(4).Str("posix").Str("system").Op(0x93).Op('.');
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer)));
        Assert.Contains("'posix.system'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((byte)'i', "('i')")] // INST: instantiate any class
    [InlineData((byte)'o', "('o')")] // OBJ
    [InlineData((byte)0x81, "0x81")] // NEWOBJ
    [InlineData((byte)'S', "('S')")] // STRING (text protocol)
    public void An_opcode_outside_the_state_dict_subset_is_refused_by_name(byte opcode, string named)
    {
        var writer = new TorchZipWriter().Op(0x80).Op(2).Op('}').Op(opcode).Op('.');
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Contains("opcode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_a_storage_type_is_refused()
    {
        var writer = new TorchZipWriter().Op(0x80).Op(2).Global("torch", "FloatStorage").Op(')').Op('R').Op('.');
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer)));
        Assert.Contains("torch.FloatStorage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integer_tensor_is_refused_naming_the_tensor_and_its_dtype()
    {
        var writer = new TorchZipWriter().BeginStateDict("params_ema");
        writer.Tensor("steps", "0", "LongStorage", new byte[8], 1, 0, [1], null);
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer.EndStateDict())));
        Assert.Contains("'steps'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("int64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_refused_as_damaged()
    {
        byte[] whole = File.ReadAllBytes(SharedData.File("network", "tiny_checkpoint.pth"));
        string path = Path.Combine(Folder, "truncated.pth");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_pickle_is_refused_as_damaged()
    {
        var writer = new TorchZipWriter().BeginStateDict("params_ema");
        writer.Tensor("w", "0", "FloatStorage", new byte[4], 1, 0, [1], null);
        byte[] pickle = writer.EndStateDict().PickleBytes;
        var cut = new TorchZipWriter().Raw(pickle[..(pickle.Length - 20)]);

        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(cut)));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_shorter_than_its_tensor_is_refused()
    {
        var writer = new TorchZipWriter().BeginStateDict("params_ema");
        writer.Tensor("w", "0", "FloatStorage", new byte[12], 4, 0, [4], null);
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer.EndStateDict())));
        Assert.Contains("storage '0' holds 12 bytes", ex.Message, StringComparison.Ordinal);

        var beyond = new TorchZipWriter().BeginStateDict("params_ema");
        beyond.Tensor("v", "0", "FloatStorage", new byte[16], 4, 2, [3], null);
        ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(beyond.EndStateDict())));
        Assert.Contains("'v' reaches element 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_reported_with_the_keys_present()
    {
        var writer = new TorchZipWriter().BeginStateDict("params");
        writer.Tensor("w", "0", "FloatStorage", new byte[4], 1, 0, [1], null);
        var ex = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(Save(writer.EndStateDict()), "params_ema"));
        Assert.Contains("no 'params_ema' entry", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'params'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_zip_checkpoints_are_refused_with_the_reason()
    {
        string text = Path.Combine(Folder, "text.pth");
        File.WriteAllText(text, "not a checkpoint at all");
        Assert.Contains("not a PyTorch zip checkpoint", Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(text)).Message, StringComparison.Ordinal);

        // The legacy stream format is read (family tests), but a file that stops after its magic number is refused.
        string legacy = Path.Combine(Folder, "legacy.pth");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        string message = Assert.Throws<CheckpointFormatException>(() => TorchCheckpoint.ReadStateDict(legacy)).Message;
        Assert.Contains("legacy", message, StringComparison.Ordinal);
        Assert.Contains("ends early", message, StringComparison.Ordinal);
    }

    private string Save(TorchZipWriter writer)
    {
        string path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".pth");
        writer.Save(path);
        return path;
    }
}
