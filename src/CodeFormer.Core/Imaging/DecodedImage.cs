namespace CodeFormer.Core.Imaging;

/// <summary>An upload as the pipeline sees it: upright RGB, its alpha plane when it has one, and where it came from.</summary>
/// <param name="Rgb">The pixels, already turned upright by the EXIF orientation.</param>
/// <param name="Alpha">The alpha plane, same size as <paramref name="Rgb"/>; null for opaque sources. Restoration
/// works on the RGB and carries this through to the output.</param>
/// <param name="Format">The container the bytes were in.</param>
/// <param name="SourceIsSingleChannel">The file stores luminance only (gray JPEG, PNG or TIFF), so the RGB has three
/// equal channels.</param>
public sealed record DecodedImage(RgbImage Rgb, GrayImage? Alpha, ImageFileFormat Format, bool SourceIsSingleChannel)
{
    public RgbImage Rgb { get; } = Rgb ?? throw new ArgumentNullException(nameof(Rgb));

    public GrayImage? Alpha { get; } = Alpha is null || (Alpha.Width == Rgb.Width && Alpha.Height == Rgb.Height)
        ? Alpha
        : throw new ArgumentException($"Alpha is {Alpha.Width}x{Alpha.Height} but the RGB is {Rgb.Width}x{Rgb.Height}.", nameof(Alpha));

    public int Width => Rgb.Width;

    public int Height => Rgb.Height;
}
