namespace CodeFormer.Core.PasteBack;

/// <summary>How restored faces go back into the photo.</summary>
public sealed record PasteOptions
{
    public PasteOptions(int upscale = 1, bool isGray = false, bool drawBox = false)
    {
        if (upscale is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(upscale), upscale, "Upscale must be 1, 2, 3 or 4.");
        }

        Upscale = upscale;
        IsGray = isGray;
        DrawBox = drawBox;
    }

    public int Upscale { get; }

    /// <summary>The official grayscale path: faces become gray matched to the input crop's statistics.</summary>
    public bool IsGray { get; }

    /// <summary>Outline each pasted face in green, as the official <c>--draw_box</c> does.</summary>
    public bool DrawBox { get; }

    /// <summary>
    /// A face whose region has more pixels than this has its float masks built and blended in horizontal strips
    /// (each with the rows its erosions and blur reach) instead of whole: 16 M pixels is 64 MB per plane.
    /// Tests lower it to compare striped and whole results.
    /// </summary>
    internal long MaskStripPixels { get; init; } = 16_000_000;
}
