namespace CodeFormer.Core.Imaging;

/// <summary>8-bit single-channel pixels (an alpha plane or a gray image), row-major.</summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height)
        : this(width, height, new byte[checked(RgbImage.CheckedArea(width, height))])
    {
    }

    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long expected = RgbImage.CheckedArea(width, height);
        if (pixels.LongLength != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes for {width}x{height} gray, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>An image whose every pixel the caller is about to write.</summary>
    internal static GrayImage Uninitialized(int width, int height) =>
        new(width, height, GC.AllocateUninitializedArray<byte>(checked((int)RgbImage.CheckedArea(width, height))));

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width, Width);
}
