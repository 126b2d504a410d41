namespace CodeFormer.Network.Parsing;

/// <summary>
/// Input and output names of the ParseNet ONNX model. Input <c>input</c> float32 [N, 3, 512, 512]: the restored
/// face in RGB, (x/255 − 0.5)/0.5. Outputs, in the order of the official forward's tuple: <c>parsing</c>
/// [N, 19, 512, 512] (raw logits of the 19 CelebAMask-HQ labels; paste-back takes the argmax) and <c>image</c>
/// [N, 3, 512, 512] (PSFRGAN's auxiliary image, raw, unused by CodeFormer).
/// </summary>
public static class ParseNetSignature
{
    public const string Input = "input";
    public const string Parsing = "parsing";
    public const string Image = "image";
    public const string BatchDimension = "N";
}
