namespace CodeFormer.Core.Geometry;

/// <summary>One face a detector found: its box, confidence and landmarks, all in the same image's pixels.</summary>
public sealed record DetectedFace(FaceBox Box, float Score, FaceLandmarks Landmarks)
{
    public DetectedFace Scale(double factor) => new(Box.Scale(factor), Score, Landmarks.Scale(factor));
}
