using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// One face to paste: the matrix that cut its crop from the working image, the crop, the restored face, and
/// optionally the restored face's 512×512 parsing labels (the official parse branch then shapes its mask).
/// </summary>
public sealed record PasteFace(AffineMatrix ImageToCrop, RgbImage Crop, RgbImage Restored, byte[]? ParseLabels = null);
