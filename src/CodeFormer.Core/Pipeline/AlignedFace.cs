using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>
/// A face ready for the network: where it was found (<see cref="Face"/>, in input pixels), the matrix from the
/// working image to the crop, and the 512×512 crop.
/// </summary>
public sealed record AlignedFace(DetectedFace Face, AffineMatrix ImageToCrop, RgbImage Crop);
