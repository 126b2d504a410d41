using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// MediaPipe's SSD anchors for BlazeFace, as normalised centres (unit size): a 16×16 grid with 2 anchors per
/// cell, then an 8×8 grid with 6 per cell, rows top to bottom, cells left to right. Both the front-128 and the
/// back-256 model use this layout (their strides differ, their grids do not).
/// </summary>
public static class BlazeFaceAnchors
{
    public const int Count = 896;

    /// <summary>Anchors in the first output pair (the 16×16 grid).</summary>
    public const int FineCount = 512;

    public static Point2[] Create()
    {
        var anchors = new Point2[Count];
        int i = 0;
        foreach (var (grid, perCell) in (ReadOnlySpan<(int, int)>)[(16, 2), (8, 6)])
        {
            for (int y = 0; y < grid; y++)
            {
                for (int x = 0; x < grid; x++)
                {
                    var centre = new Point2((x + 0.5) / grid, (y + 0.5) / grid);
                    for (int k = 0; k < perCell; k++)
                    {
                        anchors[i++] = centre;
                    }
                }
            }
        }

        return anchors;
    }
}
