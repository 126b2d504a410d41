using CodeFormer.Core.Imaging;

namespace CodeFormer.Backend.Stages;

/// <summary>Crops and restored faces as stored in the work container: lossless PNG, so no stage degrades them.</summary>
internal static class WorkImages
{
    private static readonly ImageDecoder s_decoder = new();
    private static readonly EncodeOptions s_png = new(OutputFormat.Png);

    public static BinaryData ToPng(RgbImage image) => BinaryData.FromBytes(ImageEncoder.Encode(image, null, s_png));

    public static RgbImage FromPng(BinaryData png, string name)
    {
        try
        {
            return s_decoder.Decode(png.ToArray()).Rgb;
        }
        catch (ImageRejectedException ex)
        {
            throw new InvalidDataException($"Work image {name} is unreadable: {ex.Message}", ex);
        }
    }
}
