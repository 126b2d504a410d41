namespace CodeFormer.Core.Detection;

/// <summary>
/// Tiles for a detector with a fixed smallest face (in its input pixels) on a photo too large for one pass: square
/// tiles of <c>tileSide</c> input pixels at the finest scale that shows the smallest wanted face at that size, then
/// at scales <see cref="LevelRatio"/>⁻¹ coarser, up to the single pass over the whole photo that finds the rest.
/// Each level's faces span a factor 2.5 in size, so its largest is under a fifth of a tile and lies whole in
/// some tile of a 25 % overlap; bigger boxes on a level are a coarser level's, and are dropped there.
/// </summary>
public static class TilePyramid
{
    /// <summary>Each level's scale (image pixels per input pixel) over the next coarser one's.</summary>
    public const double LevelRatio = 0.4;

    /// <summary>Tiles are enlarged at most this much: beyond it the detector sees only blur.</summary>
    public const double MaxEnlargement = 2;

    /// <summary>
    /// The tile windows from <paramref name="finestScale"/> up to the first level whose largest faces reach the
    /// smallest of the one pass over the whole photo at <paramref name="wholeScale"/>, each with the largest box
    /// (image pixels) it keeps.
    /// </summary>
    public static IReadOnlyList<(SampleWindow Window, double LargestFace)> Plan(int width, int height, int tileSide, double finestScale, double wholeScale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSide);
        var windows = new List<(SampleWindow, double)>();
        for (double scale = Math.Max(finestScale, 1 / MaxEnlargement); scale < wholeScale; scale /= LevelRatio)
        {
            double side = tileSide * scale;
            foreach (double top in BlazeFaceTiling.Positions(height, side))
            {
                foreach (double left in BlazeFaceTiling.Positions(width, side))
                {
                    windows.Add((SampleWindow.Square(left, top, side, tileSide), BlazeFaceTiling.LargestFaceFraction * side));
                }
            }

            if (scale >= wholeScale * LevelRatio)
            {
                break;
            }
        }

        return windows;
    }
}
