using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>The first stage's result: the working image and every face aligned and cropped.</summary>
public sealed record PreparedImage(
    int InputWidth,
    int InputHeight,
    WorkingImage Working,
    bool IsGray,
    bool HasAligned,
    IReadOnlyList<AlignedFace> Faces,
    TimeSpan DetectTime,
    TimeSpan AlignTime);
