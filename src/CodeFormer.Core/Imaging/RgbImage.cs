namespace CodeFormer.Core.Imaging;

/// <summary>8-bit RGB pixels, interleaved, row-major, rows packed without padding.</summary>
public sealed class RgbImage
{
    public const int Channels = 3;

    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(CheckedArea(width, height) * Channels)])
    {
    }

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long expected = CheckedArea(width, height) * Channels;
        if (pixels.LongLength != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes for {width}x{height} RGB, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * Channels;

    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>An image whose every pixel the caller is about to write: skips zeroing a buffer that may be megabytes.</summary>
    internal static RgbImage Uninitialized(int width, int height) =>
        new(width, height, GC.AllocateUninitializedArray<byte>(checked((int)(CheckedArea(width, height) * Channels))));

    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    internal static long CheckedArea(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return (long)width * height;
    }
}
