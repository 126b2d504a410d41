using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Video;

/// <summary>One output frame and the faces restored in it (empty when none was found).</summary>
public sealed record RestoredFrame(RgbImage Image, IReadOnlyList<TrackedFace> Faces);
