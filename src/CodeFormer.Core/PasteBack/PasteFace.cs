using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>One face to paste: the matrix that cut its crop from the working image, the crop, and the restored face.</summary>
public sealed record PasteFace(AffineMatrix ImageToCrop, RgbImage Crop, RgbImage Restored);
