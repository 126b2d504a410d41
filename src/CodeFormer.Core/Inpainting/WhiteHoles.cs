using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Inpainting;

/// <summary>
/// The official inpainting convention: the region to fill is painted pure white (255, 255, 255 — exactly 1 in all
/// three channels of the normalised input), and the network's output is kept only there; every other pixel is
/// the input's own.
/// </summary>
public static class WhiteHoles
{
    public static bool IsHole(ReadOnlySpan<byte> rgb) => rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255;

    public static long Count(RgbImage face)
    {
        ArgumentNullException.ThrowIfNull(face);
        long count = 0;
        var px = face.Pixels.AsSpan();
        for (int p = 0; p < px.Length; p += 3)
        {
            if (IsHole(px.Slice(p, 3)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The network's pixels where <paramref name="input"/> is pure white, the input's elsewhere.</summary>
    public static RgbImage Fill(RgbImage input, RgbImage network)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(network);
        if (input.Width != network.Width || input.Height != network.Height)
        {
            throw new ArgumentException($"The network output is {network.Width}×{network.Height}, the input {input.Width}×{input.Height}.", nameof(network));
        }

        var result = input.Clone();
        var src = network.Pixels.AsSpan();
        var dst = result.Pixels.AsSpan();
        for (int p = 0; p < dst.Length; p += 3)
        {
            if (IsHole(dst.Slice(p, 3)))
            {
                src.Slice(p, 3).CopyTo(dst.Slice(p, 3));
            }
        }

        return result;
    }
}
