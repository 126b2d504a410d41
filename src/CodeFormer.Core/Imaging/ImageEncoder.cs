using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Writes RGB (+ optional alpha) as PNG, JPEG or WebP. Outputs carry no metadata, in particular no EXIF
/// orientation: decoding already turned the pixels upright, so a viewer must not rotate them again. A size the
/// format cannot record is refused before encoding, and every file is read back (its header) before it is returned:
/// a result that does not decode at its own size is an <see cref="OutputRejectedException"/>, never a result.
/// </summary>
public static class ImageEncoder
{
    public static byte[] Encode(RgbImage rgb, GrayImage? alpha, EncodeOptions options)
    {
        using var output = EncodeVerified(rgb, alpha, options);
        return output.ToArray();
    }

    /// <summary>Writes to <paramref name="destination"/>; the alpha plane is dropped for JPEG.</summary>
    public static void Encode(RgbImage rgb, GrayImage? alpha, EncodeOptions options, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var output = EncodeVerified(rgb, alpha, options);
        output.Position = 0;
        output.CopyTo(destination);
    }

    private static MemoryStream EncodeVerified(RgbImage rgb, GrayImage? alpha, EncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(options);
        Pipeline.OutputPlan.CheckEncodable(rgb.Width, rgb.Height, options.Format);
        var output = new MemoryStream();
        try
        {
            Write(rgb, alpha, options, output);
            EncodedSize.Verify(output, options.Format, rgb.Width, rgb.Height);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static void Write(RgbImage rgb, GrayImage? alpha, EncodeOptions options, Stream destination)
    {
        if (alpha is not null && (alpha.Width != rgb.Width || alpha.Height != rgb.Height))
        {
            throw new ArgumentException($"Alpha is {alpha.Width}x{alpha.Height} but the RGB is {rgb.Width}x{rgb.Height}.", nameof(alpha));
        }

        bool withAlpha = alpha is not null && options.Format.KeepsAlpha();
        IImageEncoder encoder = CreateEncoder(options, withAlpha);
        // Without alpha the encoder reads our pixels in place: a copy would double a 500 MB result's peak.
        using Image image = withAlpha ? ToRgba(rgb, alpha!) : Image.WrapMemory<Rgb24>(rgb.Pixels.AsMemory(), rgb.Width, rgb.Height);
        image.Save(destination, encoder);
    }

    private static IImageEncoder CreateEncoder(EncodeOptions options, bool withAlpha) => options.Format switch
    {
        OutputFormat.Png => new PngEncoder
        {
            ColorType = withAlpha ? PngColorType.RgbWithAlpha : PngColorType.Rgb,
            BitDepth = PngBitDepth.Bit8,
            // Measured on a 1622×1024 result: default zlib level and adaptive filters 557 ms / 952 KB;
            // level 1 with Paeth 79 ms / 1171 KB. Results are written once per job, so speed wins.
            CompressionLevel = PngCompressionLevel.BestSpeed,
            FilterMethod = PngFilterMethod.Paeth,
        },
        OutputFormat.Jpeg => new JpegEncoder
        {
            Quality = options.Quality,
            // Restored faces are the product: halving chroma resolution (4:2:0) smears lips and irises.
            ColorType = JpegColorType.YCbCrRatio444,
        },
        OutputFormat.Webp => new WebpEncoder
        {
            FileFormat = options.Lossless ? WebpFileFormatType.Lossless : WebpFileFormatType.Lossy,
            Quality = options.Quality,
            // The default clears colour under transparent pixels; keep the pixels we were given.
            TransparentColorMode = WebpTransparentColorMode.Preserve,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, null),
    };

    private static Image<Rgba32> ToRgba(RgbImage rgb, GrayImage alpha)
    {
        var image = new Image<Rgba32>(rgb.Width, rgb.Height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgba32> destination = rows.GetRowSpan(y);
                ReadOnlySpan<byte> colour = rgb.Row(y);
                ReadOnlySpan<byte> opacity = alpha.Row(y);
                for (int x = 0; x < destination.Length; x++)
                {
                    destination[x] = new Rgba32(colour[3 * x], colour[(3 * x) + 1], colour[(3 * x) + 2], opacity[x]);
                }
            }
        });
        return image;
    }
}
