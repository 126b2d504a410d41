namespace CodeFormer.Core.Imaging;

/// <summary>The container formats <see cref="ImageDecoder"/> accepts.</summary>
public enum ImageFileFormat
{
    Jpeg,
    Png,
    Webp,
    Bmp,
    Tiff,
    Gif,
}
