using CodeFormer.Core.Imaging;
using CodeFormer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.PixelFormats;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// Luminance-only JPEG and TIFF (8- and 16-bit) are flagged single-channel and decode to the gray picture they
/// hold; the shared folder has gray PNGs only, so these are written here from its 8-bit gray photo (the 16-bit
/// TIFF by hand: ImageSharp 2.1's TIFF encoder silently writes RGB when asked for 16-bit gray).
/// </summary>
public sealed class GrayContainerTests
{
    private readonly ImageDecoder _decoder = new();

    /// <summary>Minimum PSNR against the 8-bit source: TIFF is exact (16-bit widens by ×257 and narrows back, so
    /// at most one level off), JPEG is lossy (luminance at quality 95 stays far above 40 dB).</summary>
    [Theory]
    [InlineData("jpeg-luminance", ImageFileFormat.Jpeg, 40)]
    [InlineData("tiff-gray8", ImageFileFormat.Tiff, double.PositiveInfinity)]
    [InlineData("tiff-gray16", ImageFileFormat.Tiff, 48)]
    public void Gray_container_decodes_single_channel(string variant, ImageFileFormat format, double minimumPsnr)
    {
        RgbImage gray = _decoder.Decode(HostileFiles.Read("ok_gray_l.png")).Rgb;
        byte[] file = Written(variant);

        DecodedImage image = _decoder.Decode(file);

        Assert.Equal(format, image.Format);
        Assert.True(image.SourceIsSingleChannel, $"{variant} not flagged single-channel");
        double psnr = Psnr.Of(gray, image.Rgb);
        Assert.True(psnr >= minimumPsnr, $"{variant}: {psnr:0.0} dB");
    }

    private static byte[] Written(string variant)
    {
        using Image<L8> image = Image.Load<L8>(HostileFiles.PathOf("ok_gray_l.png"));
        if (variant == "tiff-gray16")
        {
            return SixteenBitGrayTiff(image);
        }

        using var output = new MemoryStream();
        IImageEncoder encoder = variant switch
        {
            "jpeg-luminance" => new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 95 },
            _ => new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit8, PhotometricInterpretation = TiffPhotometricInterpretation.BlackIsZero },
        };
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>A baseline little-endian TIFF: one IFD, one uncompressed strip of 16-bit BlackIsZero samples.</summary>
    private static byte[] SixteenBitGrayTiff(Image<L8> image)
    {
        const int EntryCount = 9, PixelOffset = 8 + 2 + (EntryCount * 12) + 4;
        const ushort Short = 3, Long = 4;
        int pixelBytes = image.Width * image.Height * 2;
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        writer.Write("II"u8);
        writer.Write((ushort)42);
        writer.Write(8u); // first IFD follows the header
        writer.Write((ushort)EntryCount);

        void Entry(ushort tag, ushort type, uint value)
        {
            writer.Write(tag);
            writer.Write(type);
            writer.Write(1u); // one value, stored in the entry itself
            if (type == Short)
            {
                writer.Write((ushort)value);
                writer.Write((ushort)0);
            }
            else
            {
                writer.Write(value);
            }
        }

        // Tags in ascending order, as the format requires.
        Entry(256, Long, (uint)image.Width); // ImageWidth
        Entry(257, Long, (uint)image.Height); // ImageLength
        Entry(258, Short, 16); // BitsPerSample
        Entry(259, Short, 1); // Compression: none
        Entry(262, Short, 1); // PhotometricInterpretation: BlackIsZero
        Entry(273, Long, PixelOffset); // StripOffsets
        Entry(277, Short, 1); // SamplesPerPixel
        Entry(278, Long, (uint)image.Height); // RowsPerStrip
        Entry(279, Long, (uint)pixelBytes); // StripByteCounts
        writer.Write(0u); // no next IFD
        Assert.Equal(PixelOffset, output.Position);

        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                writer.Write((ushort)(image[x, y].PackedValue * 257));
            }
        }

        writer.Flush();
        return output.ToArray();
    }
}
