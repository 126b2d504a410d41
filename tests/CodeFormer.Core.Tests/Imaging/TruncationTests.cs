using System.Collections.Concurrent;
using CodeFormer.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// A photo cut short in any supported format is refused, never decoded into a half-blank picture: ImageSharp 2.1
/// by itself happily fills the missing part for all but TIFF, where its own error becomes the refusal.
/// </summary>
public sealed class TruncationTests
{
    /// <summary>Encoded once per format: lossless WebP takes seconds on a busy machine.</summary>
    private static readonly ConcurrentDictionary<string, byte[]> s_encoded = new();

    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string, double> Cuts()
    {
        var data = new TheoryData<string, double>();
        foreach (string format in new[] { "jpeg", "jpeg-444", "png", "webp", "webp-lossless", "gif", "bmp", "tiff" })
        {
            foreach (double kept in new[] { 0.9, 0.5, 0.1 })
            {
                data.Add(format, kept);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public void Cut_file_is_refused(string format, double keptFraction)
    {
        byte[] whole = Encoded(format);
        Assert.Equal(384, _decoder.Decode(whole).Width);

        byte[] cut = whole[..(int)(whole.Length * keptFraction)];

        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(cut));
        Assert.Contains(refusal.Reason, new[] { ImageRejectionReason.Truncated, ImageRejectionReason.Corrupt });
        if (format != "tiff")
        {
            Assert.Equal(ImageRejectionReason.Truncated, refusal.Reason);
        }
    }

    /// <summary>Bytes after the end of an image (camera padding, appended data) are not a truncation.</summary>
    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("gif")]
    public void Trailing_bytes_after_a_whole_image_are_accepted(string format)
    {
        byte[] padded = [.. Encoded(format), .. new byte[100]];

        Assert.Equal(384, _decoder.Decode(padded).Width);
    }

    /// <summary>An EXIF thumbnail inside a JPEG is a whole JPEG with its own end marker; the walk must skip it by
    /// segment length rather than stop at the first end marker it sees.</summary>
    [Fact]
    public void Jpeg_cut_after_an_embedded_thumbnail_is_still_refused()
    {
        byte[] main = Encoded("jpeg");
        byte[] thumbnail = HostileFiles.Read("ok_plain.jpg");
        int segmentLength = 2 + 6 + thumbnail.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength, .. "Exif\0\0"u8, .. thumbnail];
        byte[] whole = [.. main[..2], .. app1, .. main[2..]];
        Assert.Equal(384, _decoder.Decode(whole).Width);
        byte[] cut = whole[..(2 + app1.Length + (main.Length / 2))];

        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(cut));

        Assert.Equal(ImageRejectionReason.Truncated, refusal.Reason);
    }

    private static byte[] Encoded(string format) => s_encoded.GetOrAdd(format, Encode);

    private static byte[] Encode(string format)
    {
        IImageEncoder encoder = format switch
        {
            "jpeg" => new JpegEncoder(),
            "jpeg-444" => new JpegEncoder { ColorType = JpegColorType.YCbCrRatio444 },
            "png" => new PngEncoder(),
            "webp" => new WebpEncoder(),
            "webp-lossless" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
            "gif" => new GifEncoder(),
            "bmp" => new BmpEncoder(),
            "tiff" => new TiffEncoder(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        using var image = Image.Load<Rgba32>(HostileFiles.PathOf("ok_rgba.png"));
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
