namespace CodeFormer.Network.Detection;

/// <summary>The two RetinaFace variants of the official pipeline (<c>--detection_model</c>).</summary>
public enum RetinaFaceBackbone
{
    /// <summary><c>retinaface_resnet50</c>, the official default: torchvision ResNet-50, FPN/SSH width 256, plain ReLUs.</summary>
    ResNet50,

    /// <summary><c>retinaface_mobile0.25</c>: MobileNetV1 ×0.25, FPN/SSH width 64, LeakyReLU 0.1.</summary>
    MobileNet025,
}

internal static class RetinaFaceBackbones
{
    /// <summary>Channels of the three backbone outputs C1 (stride 8), C2 (16), C3 (32).</summary>
    public static int[] StageChannels(this RetinaFaceBackbone backbone) =>
        backbone == RetinaFaceBackbone.ResNet50 ? [512, 1024, 2048] : [64, 128, 256];

    /// <summary>Width of the FPN, SSH modules and heads.</summary>
    public static int Width(this RetinaFaceBackbone backbone) => backbone == RetinaFaceBackbone.ResNet50 ? 256 : 64;

    /// <summary>
    /// The official code writes every FPN/SSH activation as LeakyReLU with slope <c>0.1 if out_channels &lt;= 64 else 0</c>:
    /// 0 (a plain ReLU) for ResNet-50's width 256, 0.1 for MobileNet's 64. The backbone of MobileNet uses 0.1 too.
    /// </summary>
    public static float LeakySlope(this RetinaFaceBackbone backbone) => backbone.Width() <= 64 ? 0.1f : 0f;
}
