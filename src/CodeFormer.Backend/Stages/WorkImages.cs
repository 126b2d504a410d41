using CodeFormer.Backend.Storage;
using CodeFormer.Core;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Backend.Stages;

/// <summary>Crops and restored faces as stored in the work container: lossless PNG, so no stage degrades them.</summary>
internal static class WorkImages
{
    private static readonly ImageDecoder s_decoder = new();
    private static readonly EncodeOptions s_png = new(OutputFormat.Png);

    public static BinaryData ToPng(RgbImage image) => BinaryData.FromBytes(ImageEncoder.Encode(image, null, s_png));

    /// <summary>Reads one work image; a missing or unreadable one is permanent (detection left none, or a broken one).</summary>
    public static async Task<RgbImage> ReadAsync(BlobStore blobs, string name, CancellationToken cancellationToken)
    {
        var blob = await blobs.Work.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentFailureException($"Work image {name} is missing.");
        try
        {
            return s_decoder.Decode(blob.Content.ToArray()).Rgb;
        }
        catch (ImageRejectedException ex)
        {
            throw new PermanentFailureException($"Work image {name} is unreadable: {ex.Message}", ex);
        }
    }
}
