namespace CodeFormer.Backend.Storage;

/// <summary>
/// One detected face in a manifest, in working-image pixels: box [left, top, right, bottom], score, landmarks
/// [[x, y], …], the 2×3 matrix from the working image to its 512×512 crop, and the blobs of its crop and restored face.
/// </summary>
public sealed record ManifestFace(int Index, double[] Box, float Score, double[][] Landmarks, double[][] ImageToCrop, string Crop, string Restored);
