namespace CodeFormer.Core.Upsampling;

/// <summary>
/// How Real-ESRGAN walks a photo (the official <c>RealESRGANer</c>): square tiles of <see cref="Tile"/> pixels
/// (0 = the whole image in one run), each run with <see cref="TilePad"/> pixels of context clipped at the border,
/// and <see cref="PrePad"/> reflected rows and columns added at the bottom and right first (0 in CodeFormer's
/// pipeline, 10 in RealESRGANer's own signature).
/// </summary>
public sealed record UpsamplerOptions
{
    public UpsamplerOptions(int tile = 400, int tilePad = 40, int prePad = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tile);
        ArgumentOutOfRangeException.ThrowIfNegative(tilePad);
        ArgumentOutOfRangeException.ThrowIfNegative(prePad);

        // An odd tile or pad gives some cut an odd side, which the ×2 pixel unshuffle cannot take (the official
        // script dies on an assertion there); refuse it up front instead.
        if (tile % 2 != 0 || tilePad % 2 != 0)
        {
            throw new ArgumentException($"Tile size and tile padding must be even (got {tile} and {tilePad}).", nameof(tile));
        }

        Tile = tile;
        TilePad = tilePad;
        PrePad = prePad;
    }

    /// <summary>The official pipeline's default: <c>--bg_tile 400</c>, tile_pad 40, pre_pad 0.</summary>
    public static UpsamplerOptions Pipeline { get; } = new();

    public int Tile { get; }

    public int TilePad { get; }

    public int PrePad { get; }
}
