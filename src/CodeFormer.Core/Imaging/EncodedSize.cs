using SixLabors.ImageSharp;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Reads an encoded result's header back: a container that cannot record the size (a WebP side over 16383 wraps
/// to its low 14 bits) would otherwise pass as a finished result that no viewer shows at the reported size.
/// </summary>
internal static class EncodedSize
{
    /// <param name="encoded">The encoded file; read from its start, left positioned anywhere.</param>
    public static void Verify(Stream encoded, OutputFormat format, int width, int height)
    {
        IImageInfo? header;
        try
        {
            encoded.Position = 0;
            header = Image.Identify(encoded);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new OutputRejectedException(OutputRejectionReason.EncodedSizeMismatch, $"The {format} encoder wrote a file that does not read back: {e.Message}");
        }

        if (header is null || header.Width != width || header.Height != height)
        {
            string found = header is null ? "an unreadable header" : $"{header.Width}x{header.Height}";
            throw new OutputRejectedException(
                OutputRejectionReason.EncodedSizeMismatch,
                $"The {format} result was encoded at {width}x{height} but reads back as {found}; it was not delivered.");
        }
    }
}
