using CodeFormer.Core.Detection;
using CodeFormer.Network.Onnx;

namespace CodeFormer.Testing;

/// <summary>
/// ONNX graphs that return recorded network outputs whatever their input, so the code around RetinaFace and ParseNet
/// runs through real ONNX Runtime sessions without the networks (which are tested where they are built). Their
/// outputs are listed out of the official order and under other names, so only their shapes can identify them.
/// </summary>
public static class ReplayModels
{
    /// <summary>Takes [1, 3, H, W]; returns a RetinaFace case's recorded landmarks, scores and boxes (by file name in <paramref name="caseFolder"/>).</summary>
    public static byte[] RetinaFace(string caseFolder, int detectorWidth, int detectorHeight)
    {
        int priors = RetinaFacePriors.CountFor(detectorWidth, detectorHeight);
        var g = new OnnxGraphBuilder("retinaface-replay");
        g.AddInput("input0", OnnxElementType.Float, 1, 3, "H", "W");
        foreach (var (file, name, length) in (ReadOnlySpan<(string, string, int)>)[("landmarks.bin", "ldm_regressions", 10), ("conf.bin", "classifications", 2), ("loc.bin", "bbox_regressions", 4)])
        {
            string value = g.Constant(OnnxTensor.Float(FloatArrays.Read(Path.Combine(caseFolder, file)), 1, priors, length), name);
            g.AddOutput(value, name, OnnxElementType.Float, 1, "P", length);
        }

        return g.Build().ToArray();
    }

    /// <summary>Takes [1, 3, 512, 512]; returns the auxiliary image, then the recorded parsing logits of ../shared/data/family/parsenet.</summary>
    public static byte[] ParseNet()
    {
        var g = new OnnxGraphBuilder("parsenet-replay");
        g.AddInput("x", OnnxElementType.Float, 1, 3, 512, 512);
        g.AddOutput(g.Constant(OnnxTensor.Float(FloatArrays.Read(SharedData.File("family", "parsenet", "output_image.bin")), 1, 3, 512, 512), "image"), "out_img", OnnxElementType.Float, 1, 3, 512, 512);
        g.AddOutput(g.Constant(OnnxTensor.Float(FloatArrays.Read(SharedData.File("family", "parsenet", "output_parsing.bin")), 1, 19, 512, 512), "parsing"), "out_mask", OnnxElementType.Float, 1, 19, 512, 512);
        return g.Build().ToArray();
    }
}
