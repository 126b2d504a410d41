using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Backend.Stages;

/// <summary>What detection leaves for storage: the input's size, the working image's scale, and the aligned faces.</summary>
public sealed record PreparedFaces(int InputWidth, int InputHeight, double WorkingScale, bool IsGray, IReadOnlyList<PreparedFace> Faces);

/// <summary>One detected face (in working-image pixels), the matrix from the working image to its crop, and the crop.</summary>
public sealed record PreparedFace(DetectedFace Face, AffineMatrix ImageToCrop, RgbImage Crop);
