using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>The final image, with the input's alpha enlarged alongside it when there was one.</summary>
public sealed record PastedImage(RgbImage Rgb, GrayImage? Alpha);
