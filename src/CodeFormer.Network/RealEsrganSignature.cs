namespace CodeFormer.Network;

/// <summary>
/// Input and output of the Real-ESRGAN x2plus ONNX model: <c>input</c> float32 [N,3,H,W] (RGB in [0, 1], H and W
/// even, both dynamic) and <c>output</c> float32 [N,3,2H,2W], unclamped.
/// </summary>
public static class RealEsrganSignature
{
    public const string Input = "input";
    public const string Output = "output";
    public const int Scale = 2;
}
