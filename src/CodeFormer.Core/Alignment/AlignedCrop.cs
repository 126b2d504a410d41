using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Alignment;

/// <summary>A 512×512 aligned face and the matrix from the (working) image to the crop.</summary>
public sealed record AlignedCrop(RgbImage Crop, AffineMatrix ImageToCrop);
