namespace CodeFormer.Core.Detection;

/// <summary>
/// The windows BlazeFace looks through. The model finds faces down to about 18 of its input pixels wide, so one
/// pass over the letterboxed photo misses faces under about 7 % of the long side (a group photo). Square tiles
/// as long as the short side, then tiles of 0.6 of it, look closer: on a photo whose short side is 640 the
/// smallest face found is about 27 px wide. Neighbouring tiles overlap by a quarter, more than the largest face
/// the previous level cannot see, so a face cut by one tile's edge lies whole in its neighbour.
/// </summary>
public static class BlazeFaceTiling
{
    /// <summary>Fraction of a tile shared with its neighbour.</summary>
    public const double Overlap = 0.25;

    /// <summary>Tile sides as fractions of the photo's short side, coarse to fine.</summary>
    private static readonly double[] s_tileFractions = [1.0, 0.6];

    public static IReadOnlyList<SampleWindow> Plan(int width, int height, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        var windows = new List<SampleWindow> { SampleWindow.Letterbox(width, height, inputSize) };
        int shortSide = Math.Min(width, height);
        foreach (double fraction in s_tileFractions)
        {
            double side = shortSide * fraction;
            // Skip tiles as large as the letterbox (it already looked there) or enlarging beyond twice.
            if (side >= Math.Max(width, height) || side < inputSize / 2.0)
            {
                continue;
            }

            foreach (double top in Positions(height, side))
            {
                foreach (double left in Positions(width, side))
                {
                    windows.Add(SampleWindow.Square(left, top, side, inputSize));
                }
            }
        }

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
}
