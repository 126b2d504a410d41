namespace CodeFormer.Network;

/// <summary>
/// Input and output names of the CodeFormer ONNX model, as in the community exports: inputs <c>input</c>
/// float32 [N,3,512,512] (RGB in [−1, 1]) and <c>weight</c> float64 [1] (the fidelity w; absent from the
/// colourisation and inpainting variants, whose w is fixed); outputs
/// <c>output</c> (the image, first), <c>logits</c> [N,256,codebook size] and <c>lq_feat</c> [N,256,16,16].
/// </summary>
public static class CodeFormerSignature
{
    public const string Input = "input";
    public const string Weight = "weight";
    public const string Output = "output";
    public const string Logits = "logits";
    public const string LqFeat = "lq_feat";
    public const string BatchDimension = "N";
}
