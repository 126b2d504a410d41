using CodeFormer.Core.Imaging;
using CodeFormer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// A non-square photo tagged with an EXIF orientation comes out as a viewer shows it, and the tag is gone: turning
/// is an exact permutation of the stored pixels, and encoding the result and decoding it again turns nothing.
/// </summary>
public sealed class ExifOrientationTests
{
    private const int StoredWidth = 384, StoredHeight = 256;

    private readonly ImageDecoder _decoder = new();

    /// <summary>EXIF orientations: 3 = turned 180°, 6 = needs 90° clockwise, 8 = needs 90° anticlockwise.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void Tagged_photo_is_turned_upright(ushort orientation)
    {
        byte[] file = TaggedJpeg(orientation);
        RgbImage stored = Stored(file);

        DecodedImage upright = _decoder.Decode(file);

        bool sidesSwap = orientation != 3;
        Assert.Equal(sidesSwap ? StoredHeight : StoredWidth, upright.Width);
        Assert.Equal(sidesSwap ? StoredWidth : StoredHeight, upright.Height);
        for (int y = 0; y < upright.Height; y++)
        {
            for (int x = 0; x < upright.Width; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    3 => (StoredWidth - 1 - x, StoredHeight - 1 - y),
                    6 => (y, StoredHeight - 1 - x),
                    _ => (StoredWidth - 1 - y, x),
                };
                Assert.True(
                    upright.Rgb.Row(y).Slice(3 * x, 3).SequenceEqual(stored.Row(sy).Slice(3 * sx, 3)),
                    $"orientation {orientation}: pixel ({x},{y}) is not stored ({sx},{sy})");
            }
        }
    }

    [Fact]
    public void Encoded_result_is_not_turned_a_second_time()
    {
        DecodedImage upright = _decoder.Decode(TaggedJpeg(6));

        DecodedImage again = _decoder.Decode(ImageEncoder.Encode(upright.Rgb, null, new EncodeOptions(OutputFormat.Png)));

        Assert.Equal(upright.Rgb.Pixels, again.Rgb.Pixels);
    }

    /// <summary>A crop of a real photo saved as JPEG with the given orientation tag.</summary>
    private static byte[] TaggedJpeg(ushort orientation)
    {
        using var image = Image.Load<Rgb24>(HostileFiles.PathOf("ok_plain.jpg"));
        image.Mutate(x => x.Crop(new Rectangle(0, 64, StoredWidth, StoredHeight)));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output);
        return output.ToArray();
    }

    /// <summary>The pixels as stored, decoded independently of the code under test and not turned.</summary>
    private static RgbImage Stored(byte[] file)
    {
        using var image = Image.Load<Rgb24>(file);
        var rgb = new RgbImage(image.Width, image.Height);
        image.CopyPixelDataTo(rgb.Pixels);
        return rgb;
    }
}
