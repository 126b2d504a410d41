using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;

namespace CodeFormer.Backend.Http;

/// <summary>
/// The API's quick look at an upload before it is accepted: is it an image of a known format (from its header,
/// not from what the client claims), and how many pixels it declares. Full decoding happens in the detect stage.
/// </summary>
internal static class UploadCheck
{
    public sealed record Verdict(bool IsImage, string Extension, string ContentType, long Pixels, string? Problem);

    public static Verdict Inspect(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return new Verdict(false, "", "", 0, "The body is empty.");
        }

        try
        {
            var info = Image.Identify(bytes, out IImageFormat? format);
            if (info is null || format is null)
            {
                return new Verdict(false, "", "", 0, "The body is not an image in a supported format (JPEG, PNG, WebP, BMP, TIFF, GIF).");
            }

            return new Verdict(true, "." + format.FileExtensions.First(), format.DefaultMimeType, (long)info.Width * info.Height, null);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            return new Verdict(false, "", "", 0, $"The body is not a readable image: {ex.Message}");
        }
        catch (Exception ex) when (ex is NullReferenceException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            // The decoder itself failed on these bytes (ImageSharp 2.1 throws a NullReferenceException on some short
            // JPEG headers): whatever they are, they are not an image it can read. Its message is not the caller's business.
            return new Verdict(false, "", "", 0, "The body is not a readable image.");
        }
    }
}
