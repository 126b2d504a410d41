using CodeFormer.Core.Imaging;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>What is written is what is read back: exactly for PNG and lossless WebP, closely for JPEG and lossy WebP.</summary>
public sealed class ImageEncoderTests(ITestOutputHelper output)
{
    private readonly ImageDecoder _decoder = new();

    [Fact]
    public void Png_round_trip_is_exact_with_alpha()
    {
        (RgbImage rgb, GrayImage alpha) = PhotoWithAlphaRamp();

        DecodedImage back = _decoder.Decode(ImageEncoder.Encode(rgb, alpha, new EncodeOptions(OutputFormat.Png)));

        Assert.Equal(ImageFileFormat.Png, back.Format);
        Assert.Equal(rgb.Pixels, back.Rgb.Pixels);
        Assert.Equal(alpha.Pixels, back.Alpha!.Pixels);
    }

    [Fact]
    public void Png_without_alpha_stays_opaque()
    {
        (RgbImage rgb, _) = PhotoWithAlphaRamp();

        DecodedImage back = _decoder.Decode(ImageEncoder.Encode(rgb, null, new EncodeOptions(OutputFormat.Png)));

        Assert.Equal(rgb.Pixels, back.Rgb.Pixels);
        Assert.Null(back.Alpha);
    }

    [Fact]
    public void Lossless_webp_round_trip_is_exact_with_alpha()
    {
        (RgbImage rgb, GrayImage alpha) = PhotoWithAlphaRamp();

        DecodedImage back = _decoder.Decode(ImageEncoder.Encode(rgb, alpha, new EncodeOptions(OutputFormat.Webp, lossless: true)));

        Assert.Equal(ImageFileFormat.Webp, back.Format);
        Assert.Equal(rgb.Pixels, back.Rgb.Pixels);
        Assert.Equal(alpha.Pixels, back.Alpha!.Pixels);
    }

    /// <summary>Lossy WebP codes colour as VP8 with 4:2:0 chroma (measured 44 dB at quality 90 on this photo, which
    /// is itself a JPEG and so already smooth) and alpha in its own losslessly compressed plane, which comes back exact.</summary>
    [Fact]
    public void Lossy_webp_is_close_and_keeps_alpha()
    {
        (RgbImage rgb, GrayImage alpha) = PhotoWithAlphaRamp();

        DecodedImage back = _decoder.Decode(ImageEncoder.Encode(rgb, alpha, new EncodeOptions(OutputFormat.Webp, quality: 90)));

        double psnr = Psnr.Of(rgb, back.Rgb);
        output.WriteLine($"lossy WebP q90: {psnr:0.0} dB");
        Assert.True(psnr > 40, $"{psnr:0.0} dB");
        Assert.Equal(alpha.Pixels, back.Alpha!.Pixels);
    }

    /// <summary>4:4:4 JPEG at quality 95 keeps a photo well above 40 dB (measured 52); alpha has nowhere to go.</summary>
    [Fact]
    public void Jpeg_is_close_and_drops_alpha()
    {
        (RgbImage rgb, GrayImage alpha) = PhotoWithAlphaRamp();

        DecodedImage back = _decoder.Decode(ImageEncoder.Encode(rgb, alpha, new EncodeOptions(OutputFormat.Jpeg)));

        double psnr = Psnr.Of(rgb, back.Rgb);
        output.WriteLine($"JPEG q95: {psnr:0.0} dB");
        Assert.Equal(ImageFileFormat.Jpeg, back.Format);
        Assert.True(psnr > 40, $"{psnr:0.0} dB");
        Assert.Null(back.Alpha);
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg)]
    [InlineData(OutputFormat.Webp)]
    public void Lower_quality_gives_a_smaller_file_and_a_worse_picture(OutputFormat format)
    {
        (RgbImage rgb, _) = PhotoWithAlphaRamp();

        byte[] high = ImageEncoder.Encode(rgb, null, new EncodeOptions(format, quality: 95));
        byte[] low = ImageEncoder.Encode(rgb, null, new EncodeOptions(format, quality: 30));

        Assert.True(low.Length < high.Length, $"q30 {low.Length} bytes, q95 {high.Length} bytes");
        Assert.True(Psnr.Of(rgb, _decoder.Decode(low).Rgb) < Psnr.Of(rgb, _decoder.Decode(high).Rgb));
    }

    [Fact]
    public void Stream_overload_writes_the_same_bytes()
    {
        (RgbImage rgb, GrayImage alpha) = PhotoWithAlphaRamp();
        var options = new EncodeOptions(OutputFormat.Png);
        using var stream = new MemoryStream();

        ImageEncoder.Encode(rgb, alpha, options, stream);

        Assert.Equal(ImageEncoder.Encode(rgb, alpha, options), stream.ToArray());
    }

    [Fact]
    public void Alpha_of_another_size_is_refused()
    {
        (RgbImage rgb, _) = PhotoWithAlphaRamp();

        Assert.Throws<ArgumentException>(() => ImageEncoder.Encode(rgb, new GrayImage(rgb.Width, rgb.Height - 1), new EncodeOptions(OutputFormat.Png)));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Equal(95, new EncodeOptions(OutputFormat.Jpeg).Quality);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncodeOptions(OutputFormat.Jpeg, quality: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncodeOptions(OutputFormat.Webp, quality: 101));
        Assert.Throws<ArgumentException>(() => new EncodeOptions(OutputFormat.Jpeg, lossless: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncodeOptions((OutputFormat)42));
    }

    /// <summary>A real photo with an alpha plane that uses every level, so alpha errors cannot hide in 0 or 255.</summary>
    private (RgbImage Rgb, GrayImage Alpha) PhotoWithAlphaRamp()
    {
        RgbImage rgb = _decoder.Decode(HostileFiles.Read("ok_plain.jpg")).Rgb;
        var alpha = new GrayImage(rgb.Width, rgb.Height);
        for (int y = 0; y < alpha.Height; y++)
        {
            Span<byte> row = alpha.Row(y);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = (byte)((x + y) % 256);
            }
        }

        return (rgb, alpha);
    }
}
