using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Turns uploaded bytes into upright RGB (+ alpha) or an <see cref="ImageRejectedException"/>, and nothing else:
/// every ImageSharp failure is translated. The order of checks is what keeps hostile input cheap: byte count,
/// signature, header dimensions, container completeness, and only then a pixel buffer.
/// </summary>
public sealed class ImageDecoder
{
    private const int StreamChunkBytes = 81_920;

    private readonly Configuration _configuration;

    public ImageDecoder(DecodeLimits? limits = null)
        : this(limits ?? DecodeLimits.Default, MemoryAllocator.Default)
    {
    }

    /// <summary>Lets tests route every ImageSharp buffer through an allocator they can measure.</summary>
    internal ImageDecoder(DecodeLimits limits, MemoryAllocator allocator)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(allocator);
        Limits = limits;

        // Only the formats we promise; ImageSharp's defaults also sniff TGA, whose signature-less header makes
        // random bytes look like an image. Multi-frame files decode their first frame only.
        _configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new WebpConfigurationModule(),
            new BmpConfigurationModule(),
            new TiffConfigurationModule(),
            new GifConfigurationModule())
        {
            MemoryAllocator = allocator,
        };
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        _configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
    }

    public DecodeLimits Limits { get; }

    /// <summary>Stops reading one chunk (80 KB) past <see cref="DecodeLimits.MaxBytes"/>, so an endless or oversized
    /// stream is refused without being buffered; a seekable stream that is too long is refused before any read.</summary>
    public async Task<DecodedImage> DecodeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            RejectByteCount(remaining);
            byte[] exact = new byte[remaining];
            try
            {
                await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new ImageRejectedException(ImageRejectionReason.Truncated, "The upload ended before its declared length.", e);
            }

            return Decode(exact);
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[StreamChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            RejectByteCount(buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }

        return Decode(buffer.ToArray());
    }

    public DecodedImage Decode(byte[] data)
    {
        ImageFileFormat format = Inspect(data).Format;
        using Image<Rgba32> image = Translate(format, () => Image.Load<Rgba32>(_configuration, data));
        Translate(format, () =>
        {
            image.Mutate(x => x.AutoOrient());
            return image;
        });
        return ToDecodedImage(image, format);
    }

    /// <summary>
    /// Everything <see cref="Decode"/> checks before it allocates pixels: byte count, signature, header dimensions,
    /// truncation and the container's framing (PNG chunk CRCs, JPEG frame before scan, WebP chunk sizes). Cheap
    /// enough to run on every upload before accepting it; a file that passes can still hold damaged compressed data,
    /// which only decoding finds.
    /// </summary>
    public ImageHeader Inspect(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RejectByteCount(data.LongLength);
        ImageFileFormat format = DetectFormat(data);
        IImageInfo header = Translate(format, () => Image.Identify(_configuration, data, out _))
            ?? throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} header could not be read.");
        RejectDimensions(header.Width, header.Height);
        if (TruncationDetector.IsTruncated(format, data))
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Truncated,
                $"The {format} file ends early ({data.Length:N0} bytes): it was probably cut off during upload or copying.");
        }

        if (StructureCheck.Problem(format, data) is { } problem)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} file is damaged: {problem}");
        }

        return SwapsSides(header) ? new ImageHeader(format, header.Height, header.Width) : new ImageHeader(format, header.Width, header.Height);
    }

    /// <summary>EXIF orientations 5–8 turn the image by a quarter, so it decodes with its sides swapped.</summary>
    private static bool SwapsSides(IImageInfo header)
    {
        return header.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value is >= 5 and <= 8;
    }

    private void RejectByteCount(long byteCount)
    {
        if (byteCount == 0)
        {
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The file is empty (0 bytes).");
        }

        if (byteCount > Limits.MaxBytes)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.TooManyBytes,
                $"The file is larger than the {Megabytes(Limits.MaxBytes)} limit.");
        }
    }

    private void RejectDimensions(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The header declares an empty image ({width}x{height}).");
        }

        long pixels = (long)width * height;
        if (pixels > Limits.MaxPixels)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.TooManyPixels,
                $"The image is {width}x{height} pixels ({pixels / 1e6:0.#} megapixels); the limit is {Limits.MaxPixels / 1e6:0.#} megapixels.");
        }

        if (Math.Max(width, height) > Limits.MaxDimension)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.DimensionTooLarge,
                $"The image is {width}x{height} pixels; no side may exceed {Limits.MaxDimension:N0} pixels.");
        }
    }

    private ImageFileFormat DetectFormat(byte[] data)
    {
        IImageFormat? detected = Image.DetectFormat(_configuration, data);
        return detected switch
        {
            JpegFormat => ImageFileFormat.Jpeg,
            PngFormat => ImageFileFormat.Png,
            WebpFormat => ImageFileFormat.Webp,
            BmpFormat => ImageFileFormat.Bmp,
            TiffFormat => ImageFileFormat.Tiff,
            GifFormat => ImageFileFormat.Gif,
            _ => throw UnrecognisedContent(data),
        };
    }

    /// <summary>Names the common photo formats we cannot read (phones upload HEIC), so the user knows to convert.</summary>
    private static ImageRejectedException UnrecognisedContent(ReadOnlySpan<byte> data)
    {
        // ISO base media files: a box size, then "ftyp" and the major brand.
        if (data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            string brand = System.Text.Encoding.ASCII.GetString(data.Slice(8, 4)).Trim();
            return new ImageRejectedException(
                ImageRejectionReason.UnsupportedFormat,
                $"The file is an ISO media container (brand '{brand}', e.g. HEIC or AVIF), which is not supported; convert it to JPEG or PNG.");
        }

        return new ImageRejectedException(
            ImageRejectionReason.NotAnImage,
            "The file is not a JPEG, PNG, WebP, BMP, TIFF or GIF image.");
    }

    /// <summary>Runs an ImageSharp call over untrusted bytes; whatever it throws becomes a typed refusal.</summary>
    private static T Translate<T>(ImageFileFormat format, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (NotSupportedException e)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.UnsupportedFormat,
                $"The {format} file uses a feature that cannot be decoded: {e.Message}",
                e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A parser of hostile input fails in many ways (ImageFormatException, InvalidOperationException,
            // IndexOutOfRangeException, ...); none of them is the caller's bug.
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} file is damaged: {e.Message}", e);
        }
    }

    private DecodedImage ToDecodedImage(Image<Rgba32> image, ImageFileFormat format)
    {
        var rgb = new RgbImage(image.Width, image.Height);
        var alpha = new GrayImage(image.Width, image.Height);
        bool anyTranslucent = false;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgba32> source = rows.GetRowSpan(y);
                PixelOperations<Rgba32>.Instance.ToRgb24(_configuration, source, MemoryMarshal.Cast<byte, Rgb24>(rgb.Row(y)));
                Span<byte> alphaRow = alpha.Row(y);
                for (int x = 0; x < source.Length; x++)
                {
                    byte a = source[x].A;
                    alphaRow[x] = a;
                    anyTranslucent |= a != byte.MaxValue;
                }
            }
        });

        bool keepAlpha = anyTranslucent || DeclaresAlpha(image.Metadata);
        return new DecodedImage(rgb, keepAlpha ? alpha : null, format, IsSingleChannel(image));
    }

    /// <summary>An RGBA PNG stays RGBA even when fully opaque, so the output keeps the shape of the input. Other
    /// formats do not expose the declaration in ImageSharp 2.1; their alpha is kept when a pixel uses it.</summary>
    private static bool DeclaresAlpha(ImageMetadata metadata)
    {
        PngMetadata png = metadata.GetPngMetadata();
        return png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha || png.HasTransparency;
    }

    private static bool IsSingleChannel(Image image) =>
        image.Metadata.GetPngMetadata().ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha
        || image.Metadata.GetJpegMetadata().ColorType is JpegColorType.Luminance
        || image.Frames.RootFrame.Metadata.GetTiffMetadata().PhotometricInterpretation
            is TiffPhotometricInterpretation.BlackIsZero or TiffPhotometricInterpretation.WhiteIsZero;

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
