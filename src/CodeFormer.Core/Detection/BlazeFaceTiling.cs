namespace CodeFormer.Core.Detection;

/// <summary>
/// The windows BlazeFace looks through. The back model finds faces down to about 18 of its 256 input pixels
/// (7 % of its window), so one pass over the letterboxed photo misses the faces of a group photo. Square tiles
/// of 0.6 of the short side look closer: on a photo whose short side is 640 they find faces from about 27 px.
/// Neighbouring tiles overlap by a quarter of a tile, so a face cut by one tile's edge lies whole in its
/// neighbour as long as it is smaller than that overlap — and larger faces are the letterbox's. On a very long
/// photo (a panorama) the letterbox's smallest face outgrows the overlap, and tiles as long as the short side
/// close the gap.
/// </summary>
public static class BlazeFaceTiling
{
    /// <summary>Fraction of a tile shared with its neighbour.</summary>
    public const double Overlap = 0.25;

    /// <summary>The finest tiles' side as a fraction of the photo's short side.</summary>
    public const double FineTileFraction = 0.6;

    /// <summary>The smallest face BlazeFace finds, as a fraction of the window it looks through.</summary>
    public const double SmallestFaceFraction = 18.0 / 256;

    /// <summary>Each finer level's tiles are this fraction of the last level's side.</summary>
    public const double LevelRatio = 0.4;

    /// <summary>A BlazeFace box's side over the face's eye distance (measured on the shared photos).</summary>
    public const double BoxPerEyeDistance = 2.3;

    /// <summary>A level is trusted down to this factor above its smallest face: a finer level takes the faces near its limit.</summary>
    public const double SmallFaceMargin = 1.3;

    /// <summary>On the finer levels, boxes above this fraction of the tile belong to a coarser level (which sees them whole).</summary>
    public const double LargestFaceFraction = 0.35;

    /// <summary>
    /// The letterbox, tiles of 0.6 of the short side and, while a face of <paramref name="smallestEyeDistance"/>
    /// could be under what those tiles find, levels of smaller tiles (each <see cref="LevelRatio"/> of the last).
    /// A face at the upper end of a level's range (its smallest face / <see cref="LevelRatio"/>) is 18 % of the
    /// tile, under the 25 % overlap, so it lies whole in some tile of that level.
    /// </summary>
    public static IReadOnlyList<SampleWindow> Plan(int width, int height, int inputSize, double smallestEyeDistance = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        var windows = new List<SampleWindow> { SampleWindow.Letterbox(width, height, inputSize) };
        int shortSide = Math.Min(width, height), longSide = Math.Max(width, height);
        double fine = FineTileFraction * shortSide;
        if (Overlap * fine < SmallestFaceFraction * longSide)
        {
            AddTiles(windows, width, height, shortSide, inputSize);
        }

        AddTiles(windows, width, height, fine, inputSize);
        for (double side = fine * LevelRatio;
             SmallestEyeDistance(side / LevelRatio) * SmallFaceMargin > smallestEyeDistance && side >= inputSize / 2.0;
             side *= LevelRatio)
        {
            AddTiles(windows, width, height, side, inputSize);
        }

        return windows;
    }

    /// <summary>The smallest eye distance (image pixels) BlazeFace finds in a window of <paramref name="side"/> image pixels.</summary>
    public static double SmallestEyeDistance(double side) => SmallestFaceFraction * side / BoxPerEyeDistance;

    /// <summary>The largest box a window keeps: unbounded for the letterbox and the 0.6 tiles, a fraction of the tile on finer levels.</summary>
    public static double LargestFaceFor(SampleWindow window, int width, int height, int inputSize)
    {
        double side = window.Scale * inputSize;
        return side < FineTileFraction * Math.Min(width, height) * 0.99 ? LargestFaceFraction * side : double.PositiveInfinity;
    }

    /// <summary>Evenly spread starts of tiles of <paramref name="side"/> covering <paramref name="length"/> with at least <see cref="Overlap"/>.</summary>
    public static IEnumerable<double> Positions(int length, double side)
    {
        if (side >= length)
        {
            yield return (length - side) / 2;
            yield break;
        }

        int count = (int)Math.Ceiling((length - side) / (side * (1 - Overlap))) + 1;
        for (int i = 0; i < count; i++)
        {
            yield return i * (length - side) / (count - 1);
        }
    }

    private static void AddTiles(List<SampleWindow> windows, int width, int height, double side, int inputSize)
    {
        // A tile as large as the letterbox repeats it; one enlarging more than twice shows the model only blur.
        if (side >= Math.Max(width, height) || side < inputSize / 2.0)
        {
            return;
        }

        foreach (double top in Positions(height, side))
        {
            foreach (double left in Positions(width, side))
            {
                windows.Add(SampleWindow.Square(left, top, side, inputSize));
            }
        }
    }
}
