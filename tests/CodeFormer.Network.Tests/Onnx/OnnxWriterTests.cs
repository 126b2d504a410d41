using CodeFormer.Network.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Onnx;

public sealed class OnnxWriterTests
{
    [Fact]
    public void Varints_are_encoded_seven_bits_at_a_time_low_group_first()
    {
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, Encode(new ProtoMessage().Varint(1, 150)));
        Assert.Equal(new byte[] { 0x08, 0x00 }, Encode(new ProtoMessage().Varint(1, 0)));
        // Negative int64 values take ten bytes in two's complement.
        Assert.Equal(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, Encode(new ProtoMessage().Varint(2, -1)));
    }

    [Fact]
    public void Nested_messages_are_prefixed_with_their_length()
    {
        var inner = new ProtoMessage().String(1, "ab");
        var outer = new ProtoMessage().Message(3, inner).Fixed32(4, 1f);
        Assert.Equal(new byte[] { 0x1A, 0x04, 0x0A, 0x02, (byte)'a', (byte)'b', 0x25, 0x00, 0x00, 0x80, 0x3F }, Encode(outer));
        Assert.Equal(11, outer.Size);
    }

    [Fact]
    public void A_graph_using_every_attribute_and_initializer_kind_runs_in_onnx_runtime()
    {
        // y = Transpose(Cast(x) * scale + halfOffset), with int, ints, float, string and tensor attributes all exercised.
        var g = new OnnxGraphBuilder("kinds");
        string x = g.AddInput("x", OnnxElementType.Double, "B", 2);
        string scale = g.AddInitializer("scale", OnnxTensor.Float([2f, 3f], 2));
        string offset = g.AddInitializer("offset", OnnxTensor.Half([(Half)0.5f, (Half)(-1f)], 2));
        string xf = g.Node("Cast", [x], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        string offsetF = g.Node("Cast", [offset], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        string scaled = g.Node("Mul", [xf, scale]);
        string shifted = g.Node("Add", [scaled, offsetF]);
        string leaky = g.Node("LeakyRelu", [shifted], OnnxAttribute.Float("alpha", 0.25f));
        string padded = g.Node("Pad", [leaky, g.Constant(OnnxTensor.Int64Vector(0, 1, 0, 0))], OnnxAttribute.String("mode", "constant"));
        string ones = g.Node("ConstantOfShape", [g.Constant(OnnxTensor.Int64Vector(1, 3))], OnnxAttribute.Tensor("value", OnnxTensor.Float([1f], 1)));
        string summed = g.Node("Add", [padded, ones]);
        string y = g.Node("Transpose", [summed], OnnxAttribute.Ints("perm", 1, 0));
        g.AddOutput(y, "y", OnnxElementType.Float, 3, "B");

        using var session = OrtRun.Open(g.Build().ToArray());
        var outputs = OrtRun.Run(session, ("x", OrtRun.Doubles([1, 2, -1, -3], 2, 2)));

        // Row 0: [1*2+0.5, 2*3-1] = [2.5, 5]; row 1: [-2+0.5, -9-1] = [-1.5, -10] → leaky → [-0.375, -2.5].
        // Padded on the left of axis 1 with 0, plus one, transposed to [3, 2].
        float[] expected = [1f, 1f, 3.5f, 0.625f, 6f, -1.5f];
        Assert.Equal(expected, outputs["y"]);
    }

    [Fact]
    public void Identity_stand_in_returns_its_input_for_a_batch_and_declares_the_codeformer_signature()
    {
        using var session = OrtRun.Open(StandInModels.Identity().ToArray());
        Assert.Equal(["input", "weight"], session.InputNames);
        Assert.Equal(["output", "logits", "lq_feat"], session.OutputNames);
        Assert.Equal(typeof(double), session.InputMetadata["weight"].ElementType);
        Assert.Equal([-1, 3, 512, 512], session.InputMetadata["input"].Dimensions);

        float[] face = RandomFace(2, seed: 7);
        var outputs = OrtRun.Run(session, ("input", OrtRun.Floats(face, 2, 3, 512, 512)), ("weight", OrtRun.Doubles([0.5], 1)));

        Assert.Equal(face, outputs["output"]);
        Assert.Equal(2 * 256 * 1024, outputs["logits"].Length);
        Assert.Equal(2 * 256 * 16 * 16, outputs["lq_feat"].Length);
    }

    [Fact]
    public void Invert_stand_in_negates_its_input()
    {
        using var session = OrtRun.Open(StandInModels.Invert().ToArray());
        float[] face = RandomFace(1, seed: 3);
        var outputs = OrtRun.Run(session, ("input", OrtRun.Floats(face, 1, 3, 512, 512)), ("weight", OrtRun.Doubles([1.0], 1)));

        Assert.Equal(face.Select(v => -v).ToArray(), outputs["output"]);
    }

    [Fact]
    public void Saving_writes_the_same_bytes_as_serializing_in_memory()
    {
        var model = StandInModels.Identity();
        string path = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.onnx");
        try
        {
            model.Save(path);
            Assert.Equal(model.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(model.SizeBytes, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_builder_refuses_unknown_inputs_and_duplicate_names()
    {
        var g = new OnnxGraphBuilder("bad");
        g.AddInput("x", OnnxElementType.Float, 1);
        Assert.Throws<ArgumentException>(() => g.Node("Relu", ["nope"]));
        Assert.Throws<ArgumentException>(() => g.AddInput("x", OnnxElementType.Float, 1));
        Assert.Throws<ArgumentException>(() => OnnxTensor.Float([1f, 2f], 3));
        Assert.Throws<InvalidOperationException>(() => g.Build());
    }

    private static byte[] Encode(ProtoMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static float[] RandomFace(int batch, int seed)
    {
        var random = new Random(seed);
        var values = new float[batch * 3 * 512 * 512];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
