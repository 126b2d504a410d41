namespace CodeFormer.Network.Detection;

/// <summary>
/// Input and output names of the RetinaFace ONNX models. Input <c>input</c> float32 [N, 3, H, W]: the BGR image
/// minus (104, 117, 123) per channel, no scaling, any H and W. Outputs over P = 2·Σₛ ⌈H/s⌉·⌈W/s⌉ priors
/// (s = 8, 16, 32; level, row, column, then anchor): <c>loc</c> [N, P, 4] (dx, dy, dw, dh), <c>conf</c> [N, P, 2]
/// (softmax; column 1 is the face score), <c>landmarks</c> [N, P, 10] (dx, dy of five points).
/// </summary>
public static class RetinaFaceSignature
{
    public const string Input = "input";
    public const string Loc = "loc";
    public const string Conf = "conf";
    public const string Landmarks = "landmarks";
    public const string BatchDimension = "N";
    public const string HeightDimension = "H";
    public const string WidthDimension = "W";
    public const string PriorDimension = "P";
}
