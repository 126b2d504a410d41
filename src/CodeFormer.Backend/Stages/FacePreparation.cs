using CodeFormer.Backend.Jobs;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The backend's calls into the core's image handling: decoding uploads within the configured limits, preparing
/// faces (detect + align), recomputing the working image for paste-back, and encoding results.
/// </summary>
public sealed class FacePreparation(BackendOptions options)
{
#if CORE_IMAGING
    private readonly ImageDecoder _decoder = new(new DecodeLimits { MaxBytes = options.MaxUploadBytes, MaxPixels = options.MaxPixels });
#endif

    public PreparedFaces Prepare(BinaryData upload, JobOptions job)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(job);
#if CORE_PIPELINE
        var decoded = _decoder.Decode(upload.ToArray());
        throw new NotImplementedException(decoded.ToString());
#else
        throw new NotSupportedException($"Face preparation needs the core's face preparer, not merged into this build yet (limits {options.MaxUploadBytes} bytes).");
#endif
    }

    public (RgbImage Working, GrayImage? Alpha) Working(BinaryData upload, JobOptions job)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(job);
        throw new NotSupportedException("Paste-back needs the core's face preparer, not merged into this build yet.");
    }

    public static (BinaryData Bytes, string ContentType) Encode(RgbImage rgb, GrayImage? alpha, ResultFormat format)
    {
#if CORE_IMAGING
        var (output, contentType) = format switch
        {
            ResultFormat.Jpg => (OutputFormat.Jpeg, "image/jpeg"),
            ResultFormat.Webp => (OutputFormat.Webp, "image/webp"),
            _ => (OutputFormat.Png, "image/png"),
        };
        return (BinaryData.FromBytes(ImageEncoder.Encode(rgb, alpha, new EncodeOptions(output))), contentType);
#else
        throw new NotSupportedException($"Encoding {rgb.Width}x{rgb.Height} (alpha {alpha is not null}) as {format} needs the core's imaging layer, not merged into this build yet.");
#endif
    }
}
