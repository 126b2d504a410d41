namespace CodeFormer.Core.Imaging;

/// <summary>The formats results are written in.</summary>
public enum OutputFormat
{
    Png,
    Jpeg,
    Webp,
}

/// <summary>Names of <see cref="OutputFormat"/> as users, file names and HTTP spell them.</summary>
public static class OutputFormats
{
    public const string Accepted = "png, jpg, jpeg, webp";

    /// <summary>Accepts a format name or a file extension, in any case, with or without the leading dot.</summary>
    public static bool TryParse(string? value, out OutputFormat format)
    {
        OutputFormat? parsed = value?.Trim().TrimStart('.').ToUpperInvariant() switch
        {
            "PNG" => OutputFormat.Png,
            "JPG" or "JPEG" => OutputFormat.Jpeg,
            "WEBP" => OutputFormat.Webp,
            _ => null,
        };
        format = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    public static OutputFormat Parse(string value) =>
        TryParse(value, out OutputFormat format)
            ? format
            : throw new FormatException($"Unknown output format '{value}'; expected one of: {Accepted}.");

    /// <summary>The extension with its dot, as written to file names.</summary>
    public static string FileExtension(this OutputFormat format) => format switch
    {
        OutputFormat.Png => ".png",
        OutputFormat.Jpeg => ".jpg",
        OutputFormat.Webp => ".webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string ContentType(this OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// The longest side the container can record: WebP's VP8L/VP8X headers hold 14-bit sizes (16383), JPEG's SOF
    /// 16-bit ones (65535). PNG's IHDR allows 2³¹ − 1; the output pixel cap binds long before that.
    /// </summary>
    public static int MaxSide(this OutputFormat format) => format switch
    {
        OutputFormat.Png => int.MaxValue,
        OutputFormat.Jpeg => 65_535,
        OutputFormat.Webp => 16_383,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Whether the format stores an alpha plane; JPEG output drops it.</summary>
    public static bool KeepsAlpha(this OutputFormat format) => format is OutputFormat.Png or OutputFormat.Webp;
}
