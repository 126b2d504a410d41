namespace CodeFormer.Core.Imaging;

/// <summary>What <see cref="ImageDecoder.Inspect"/> learns without decoding: the format and the size the image
/// decodes to (upright, so an EXIF quarter turn already swaps the sides).</summary>
public sealed record ImageHeader(ImageFileFormat Format, int Width, int Height);
