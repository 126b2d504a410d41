namespace CodeFormer.Core.Imaging;

/// <summary>An 8-bit RGB colour.</summary>
public readonly record struct Rgb24Color(byte R, byte G, byte B)
{
    public byte this[int channel] => channel switch
    {
        0 => R,
        1 => G,
        2 => B,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}
