namespace CodeFormer.Core.Detection;

/// <summary>How a detector wants pixels in its input tensor: value = channel·<see cref="Scale"/> + <see cref="Offset"/>.</summary>
/// <param name="ChannelsFirst">NCHW when true, NHWC when false.</param>
/// <param name="Bgr">Channel order blue, green, red (OpenCV-trained models) instead of red, green, blue.</param>
internal readonly record struct PixelTensorFormat(bool ChannelsFirst, bool Bgr, float Scale, float Offset);
