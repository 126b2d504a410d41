namespace CodeFormer.Core.Imaging;

/// <summary>How <see cref="ImageEncoder"/> writes a result.</summary>
public sealed record EncodeOptions
{
    public const int DefaultQuality = 95;

    /// <param name="format">The container to write.</param>
    /// <param name="quality">1–100, for JPEG and lossy WebP; PNG ignores it.</param>
    /// <param name="lossless">WebP only: lossless instead of lossy. PNG always is; JPEG cannot be.</param>
    public EncodeOptions(OutputFormat format, int quality = DefaultQuality, bool lossless = false)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (lossless && format == OutputFormat.Jpeg)
        {
            throw new ArgumentException("JPEG has no lossless mode; use PNG or lossless WebP.", nameof(lossless));
        }

        Format = format;
        Quality = quality;
        Lossless = lossless;
    }

    public OutputFormat Format { get; }

    public int Quality { get; }

    public bool Lossless { get; }
}
