using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Alignment;

/// <summary>The FFHQ five-point template the official pipeline aligns faces to, for a 512×512 crop.</summary>
public static class FfhqTemplate
{
    public const int CropSize = 512;

    /// <summary>Left eye, right eye, nose tip, left mouth corner, right mouth corner (image-left first).</summary>
    public static IReadOnlyList<Point2> Points { get; } =
    [
        new(192.98138, 239.94708),
        new(318.90277, 240.1936),
        new(256.63416, 314.01935),
        new(201.26117, 371.41043),
        new(313.08905, 371.15118),
    ];

    /// <summary>The template points matching a landmark layout (BlazeFace's mouth centre ↔ the corners' midpoint).</summary>
    public static IReadOnlyList<Point2> For(LandmarkLayout layout) => layout switch
    {
        LandmarkLayout.EyesNoseMouthCorners => Points,
        LandmarkLayout.EyesNoseMouthCentre => s_eyesNoseMouthCentre,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown landmark layout."),
    };

    private static readonly IReadOnlyList<Point2> s_eyesNoseMouthCentre =
        [Points[0], Points[1], Points[2], Point2.Midpoint(Points[3], Points[4])];
}
