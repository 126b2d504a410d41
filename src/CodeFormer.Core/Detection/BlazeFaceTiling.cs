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

    public static IReadOnlyList<SampleWindow> Plan(int width, int height, int inputSize)
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
        return windows;
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
