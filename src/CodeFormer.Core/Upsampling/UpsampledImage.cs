using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Upsampling;

/// <summary>An upsampled photo: its colours and, when the input had one, its alpha plane (upsampled by the network too).</summary>
public sealed record UpsampledImage(RgbImage Rgb, GrayImage? Alpha);
