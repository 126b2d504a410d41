using CodeFormer.Backend.Jobs;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Pipeline;

namespace CodeFormer.Backend.Http;

/// <summary>
/// The API's checks on an upload before it is accepted: an image of a known format (from its bytes, not from what
/// the client claims) whose header, size and framing say it can decode, and whose result fits the output cap and
/// the requested format. Refusals are Core's typed exceptions: <see cref="ImageRejectedException"/> (the upload)
/// and <see cref="OutputRejectedException"/> (the result it would make). Full decoding happens in the detect stage.
/// </summary>
internal static class UploadCheck
{
    public sealed record Accepted(ImageHeader Header, string Extension, string ContentType);

    public static Accepted Inspect(byte[] bytes, JobOptions job, BackendOptions options)
    {
        var header = new ImageDecoder(options.DecodeLimits).Inspect(bytes);
        OutputPlan.Check(header.Width, header.Height, job.Upscale, job.HasAligned, job.OutputFormat, options.MaxOutputPixels);
        var (extension, contentType) = header.Format switch
        {
            ImageFileFormat.Jpeg => (".jpg", "image/jpeg"),
            ImageFileFormat.Png => (".png", "image/png"),
            ImageFileFormat.Webp => (".webp", "image/webp"),
            ImageFileFormat.Bmp => (".bmp", "image/bmp"),
            ImageFileFormat.Tiff => (".tiff", "image/tiff"),
            _ => (".gif", "image/gif"),
        };
        return new Accepted(header, extension, contentType);
    }

    /// <summary>The status a refusal maps to: 413 for sizes (upload or result), 415 for anything that is not a
    /// usable image.</summary>
    public static int StatusFor(ImageRejectedException refusal) => refusal.Reason is
        ImageRejectionReason.TooManyBytes or ImageRejectionReason.TooManyPixels or ImageRejectionReason.DimensionTooLarge
        ? 413
        : 415;
}
