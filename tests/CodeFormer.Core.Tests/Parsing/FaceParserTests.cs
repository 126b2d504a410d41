using CodeFormer.Core.Detection;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Parsing;
using CodeFormer.Core.Tests.PasteBack;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Parsing;

/// <summary>
/// ParseNet's input preparation against the recorded input, and the labels through a real ONNX Runtime session that
/// replays the recorded logits (the rule-weight network itself is tested where it is built).
/// </summary>
public sealed class FaceParserTests
{
    [Fact]
    public void Input_tensor_of_the_reference_face_is_bit_exact()
    {
        var face = ImageFiles.ReadRgb(SharedData.File("faces", "aligned", "0143.png"));
        var expected = FloatArrays.Read(SharedData.File("family", "parsenet", "input.bin"));
        var tensor = FaceParser.InputTensor(face.Width * face.Height, i => face.Pixels[i]);
        Assert.Equal(expected, tensor);
    }

    [Fact]
    public void Replayed_logits_give_the_reference_labels_whatever_the_output_order()
    {
        var face = ImageFiles.ReadRgb(SharedData.File("faces", "aligned", "0143.png"));
        using var parser = new FaceParser(ModelSource.FromBytes("replay.onnx", ReplayModel()));
        var labels = parser.Parse(face);
        Assert.Equal(ParseMaskTests.ReadLabels(SharedData.File("family", "parsenet", "labels.png")), labels);
    }

    [Fact]
    public void A_model_without_19_parsing_channels_is_refused_by_naming_what_it_has()
    {
        var g = new OnnxGraphBuilder("not-parsenet");
        string x = g.AddInput("x", OnnxElementType.Float, 1, 3, 512, 512);
        g.AddOutput(g.Node("Identity", [x]), "rgb", OnnxElementType.Float, 1, 3, 512, 512);
        var ex = Assert.Throws<IncompatibleModelException>(() => new FaceParser(ModelSource.FromBytes("wrong.onnx", g.Build().ToArray())));
        Assert.Contains("rgb", ex.Message);
        Assert.Contains("[1, 19, 512, 512]", ex.Message);
    }

    private static byte[] ReplayModel() => ReplayModels.ParseNet();
}
