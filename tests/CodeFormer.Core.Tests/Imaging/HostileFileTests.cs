using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>Every hostile file gets the outcome <c>expected.json</c> names: a sensible image or a typed refusal.</summary>
public sealed class HostileFileTests
{
    /// <summary>Reasons for the files known today; a reject file added later must still be refused, for any reason.</summary>
    private static readonly Dictionary<string, ImageRejectionReason> s_knownReasons = new()
    {
        ["reject_empty.jpg"] = ImageRejectionReason.Empty,
        ["reject_truncated.jpg"] = ImageRejectionReason.Truncated,
        ["reject_text.png"] = ImageRejectionReason.NotAnImage,
        ["reject_html.jpg"] = ImageRejectionReason.NotAnImage,
        ["reject_bomb_header.png"] = ImageRejectionReason.TooManyPixels,
        ["reject_bad_crc.png"] = ImageRejectionReason.Corrupt,
    };

    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string> OkFiles => HostileFiles.WithExpectation("ok");

    public static TheoryData<string> RejectFiles => HostileFiles.WithExpectation("reject");

    [Fact]
    public void Every_file_in_the_folder_has_an_expectation()
    {
        var expectations = HostileFiles.Expectations();
        string folder = Path.GetDirectoryName(HostileFiles.PathOf(HostileFiles.ExpectationsFile))!;
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Where(name => name != HostileFiles.ExpectationsFile);
        Assert.All(files, name => Assert.True(expectations.ContainsKey(name!), $"{name} is not listed in expected.json"));
        Assert.All(expectations.Values, expect => Assert.Contains(expect, new[] { "ok", "reject" }));
    }

    [Theory]
    [MemberData(nameof(OkFiles))]
    public void Ok_file_decodes_to_a_sensible_image(string file)
    {
        DecodedImage image = _decoder.Decode(HostileFiles.Read(file));

        Assert.InRange(image.Width, 16, DecodeLimits.DefaultMaxDimension);
        Assert.InRange(image.Height, 16, DecodeLimits.DefaultMaxDimension);
        Assert.Equal((long)image.Width * image.Height * 3, image.Rgb.Pixels.LongLength);
        // A decoder that gave up early leaves a flat field; every one of these is a photograph.
        Assert.True(DistinctColours(image.Rgb) > 32, $"{file} decoded to a nearly flat image");
    }

    [Theory]
    [MemberData(nameof(RejectFiles))]
    public void Reject_file_gets_a_typed_refusal(string file)
    {
        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(HostileFiles.Read(file)));

        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        if (s_knownReasons.TryGetValue(file, out ImageRejectionReason reason))
        {
            Assert.Equal(reason, refusal.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(RejectFiles))]
    public async Task Reject_file_read_from_a_stream_gets_the_same_refusal(string file)
    {
        var fromBytes = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(HostileFiles.Read(file)));
        await using var stream = File.OpenRead(HostileFiles.PathOf(file));

        var fromStream = await Assert.ThrowsAsync<ImageRejectedException>(() => _decoder.DecodeAsync(stream));

        Assert.Equal(fromBytes.Reason, fromStream.Reason);
    }

    [Fact]
    public void Rgba_png_keeps_its_alpha_plane()
    {
        DecodedImage image = _decoder.Decode(HostileFiles.Read("ok_rgba.png"));

        Assert.NotNull(image.Alpha);
        Assert.Equal(image.Width, image.Alpha.Width);
        Assert.Equal(image.Height, image.Alpha.Height);
        Assert.Equal(ImageFileFormat.Png, image.Format);
    }

    [Fact]
    public void Plain_jpeg_is_opaque_colour()
    {
        DecodedImage image = _decoder.Decode(HostileFiles.Read("ok_plain.jpg"));

        Assert.Null(image.Alpha);
        Assert.False(image.SourceIsSingleChannel);
        Assert.Equal(ImageFileFormat.Jpeg, image.Format);
    }

    /// <summary>The shared file is square; the swap of sides is shown by <see cref="ExifOrientationTests"/>. It stores the plain photo turned by 90° with orientation 6; upright, it is the plain
    /// photo again. Both are 8-bit JPEG encodings of the same picture, so they agree to about 51 dB; stored as-is
    /// (not turned) the picture is a different one altogether.</summary>
    [Fact]
    public void Exif_rotated_jpeg_comes_out_upright()
    {
        RgbImage plain = _decoder.Decode(HostileFiles.Read("ok_plain.jpg")).Rgb;
        RgbImage stored = ImageFiles.ReadRgb(HostileFiles.PathOf("ok_exif_rot90.jpg"));

        DecodedImage upright = _decoder.Decode(HostileFiles.Read("ok_exif_rot90.jpg"));

        Assert.True(Psnr.Of(plain, upright.Rgb) > 45, "upright should match the plain photo");
        Assert.True(Psnr.Of(plain, stored) < 20, "the stored pixels should be the turned photo");
    }

    /// <summary>Same picture stored as CMYK and as YCbCr JPEG (and as WebP, and as RGBA PNG): after conversion to
    /// RGB they agree to the precision of lossy coding (measured 48, 44 and 48 dB). A CMYK decode that forgot
    /// the Adobe inversion would be a negative, far below 20 dB.</summary>
    [Theory]
    [InlineData("ok_cmyk.jpg", ImageFileFormat.Jpeg)]
    [InlineData("ok_webp.webp", ImageFileFormat.Webp)]
    [InlineData("ok_rgba.png", ImageFileFormat.Png)]
    public void Other_encodings_of_the_plain_photo_decode_to_it(string file, ImageFileFormat format)
    {
        RgbImage plain = _decoder.Decode(HostileFiles.Read("ok_plain.jpg")).Rgb;

        DecodedImage image = _decoder.Decode(HostileFiles.Read(file));

        Assert.Equal(format, image.Format);
        Assert.True(Psnr.Of(plain, image.Rgb) > 40, $"{file}: {Psnr.Of(plain, image.Rgb):0.0} dB");
    }

    [Theory]
    [InlineData("ok_gray_l.png")]
    [InlineData("ok_16bit.png")]
    public void Gray_png_is_single_channel_with_equal_rgb(string file)
    {
        DecodedImage image = _decoder.Decode(HostileFiles.Read(file));

        Assert.True(image.SourceIsSingleChannel);
        Assert.Null(image.Alpha);
        Assert.True(ChannelsEqual(image.Rgb), $"{file}: R, G and B differ somewhere");
    }

    /// <summary>The 16-bit file is the 8-bit gray picture widened; narrowing it back may round by one level.</summary>
    [Fact]
    public void Sixteen_bit_png_narrows_to_the_eight_bit_picture()
    {
        byte[] eight = _decoder.Decode(HostileFiles.Read("ok_gray_l.png")).Rgb.Pixels;
        byte[] sixteen = _decoder.Decode(HostileFiles.Read("ok_16bit.png")).Rgb.Pixels;

        Assert.Equal(eight.Length, sixteen.Length);
        Assert.True(eight.Zip(sixteen).All(pair => Math.Abs(pair.First - pair.Second) <= 1));
    }

    [Fact]
    public void Palette_gif_decodes_its_palette_colours()
    {
        DecodedImage image = _decoder.Decode(HostileFiles.Read("ok_palette.gif"));

        Assert.Equal(ImageFileFormat.Gif, image.Format);
        Assert.InRange(DistinctColours(image.Rgb), 33, 256);
    }

    private static int DistinctColours(RgbImage rgb) => Enumerable.Range(0, rgb.Width * rgb.Height)
        .Select(i => (rgb.Pixels[3 * i] << 16) | (rgb.Pixels[(3 * i) + 1] << 8) | rgb.Pixels[(3 * i) + 2])
        .Distinct()
        .Count();

    private static bool ChannelsEqual(RgbImage rgb)
    {
        for (int i = 0; i < rgb.Pixels.Length; i += 3)
        {
            if (rgb.Pixels[i] != rgb.Pixels[i + 1] || rgb.Pixels[i] != rgb.Pixels[i + 2])
            {
                return false;
            }
        }

        return true;
    }
}
