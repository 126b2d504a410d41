namespace CodeFormer.Core.Imaging;

/// <summary>
/// Bounds checked before any pixel buffer exists: the byte count first, then the dimensions read from the header.
/// The defaults admit any camera photo and stop a forged 100k × 100k header cold.
/// </summary>
public sealed record DecodeLimits
{
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    /// <summary>40 MP: about 160 MB while decoding (RGBA) and 120 MB as the RGB result.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    public const int DefaultMaxDimension = 20_000;

    public static DecodeLimits Default { get; } = new();

    /// <summary>At most <see cref="Array.MaxLength"/>: the whole file is held in one array while it decodes.</summary>
    public long MaxBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength);
            field = RequirePositive(value);
        }
    } = DefaultMaxBytes;

    public long MaxPixels { get; init => field = RequirePositive(value); } = DefaultMaxPixels;

    /// <summary>The longest side accepted, whatever the pixel count.</summary>
    public int MaxDimension { get; init => field = (int)RequirePositive(value); } = DefaultMaxDimension;

    private static long RequirePositive(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
