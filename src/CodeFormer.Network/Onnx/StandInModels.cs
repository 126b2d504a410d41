namespace CodeFormer.Network.Onnx;

/// <summary>
/// Tiny models with the CodeFormer export signature — inputs <c>input</c> float32 [N,3,512,512] and <c>weight</c>
/// float64 [1]; outputs <c>output</c> [N,3,512,512], <c>logits</c> [N,256,1024] and <c>lq_feat</c> [N,256,16,16] —
/// whose "restoration" is known exactly, so the pipeline around the network can be tested without it.
/// <c>logits</c> and <c>lq_feat</c> are zeros; <c>weight</c> is accepted and ignored.
/// </summary>
public static class StandInModels
{
    /// <summary>Restored face = aligned crop.</summary>
    public static OnnxModel Identity() => Build("codeformer-identity", (g, input) => g.Node("Identity", [input]));

    /// <summary>Restored face = 255 − crop, which is −x in the network's [−1, 1] range.</summary>
    public static OnnxModel Invert() => Build("codeformer-invert", (g, input) => g.Node("Neg", [input]));

    private static OnnxAttribute Zero() => OnnxAttribute.Tensor("value", OnnxTensor.Float([0f], 1));

    private static OnnxModel Build(string name, Func<OnnxGraphBuilder, string, string> restore)
    {
        var g = new OnnxGraphBuilder(name);
        string input = g.AddInput(CodeFormerSignature.Input, OnnxElementType.Float, "N", 3, 512, 512);
        g.AddInput(CodeFormerSignature.Weight, OnnxElementType.Double, 1);

        string batch = g.Node("Shape", [input], OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 1));
        string logitsShape = g.Node("Concat", [batch, g.Constant(OnnxTensor.Int64Vector(256, 1024))], OnnxAttribute.Int("axis", 0));
        string lqShape = g.Node("Concat", [batch, g.Constant(OnnxTensor.Int64Vector(256, 16, 16))], OnnxAttribute.Int("axis", 0));
        string logits = g.Node("ConstantOfShape", [logitsShape], Zero());
        string lqFeat = g.Node("ConstantOfShape", [lqShape], Zero());

        g.AddOutput(restore(g, input), CodeFormerSignature.Output, OnnxElementType.Float, "N", 3, 512, 512);
        g.AddOutput(logits, CodeFormerSignature.Logits, OnnxElementType.Float, "N", 256, 1024);
        g.AddOutput(lqFeat, CodeFormerSignature.LqFeat, OnnxElementType.Float, "N", 256, 16, 16);
        return g.Build(docString: $"Stand-in '{name}' with the CodeFormer signature, for tests; not a restoration network.");
    }
}
