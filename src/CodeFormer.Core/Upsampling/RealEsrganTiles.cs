namespace CodeFormer.Core.Upsampling;

/// <summary>
/// RealESRGANer's geometry on an image of <c>height</c>×<c>width</c>: reflect pre-pad and mod-pad at the bottom and
/// right, the tile grid over the padded image, each tile's cut (its core grown by the tile padding, clipped at the
/// border, never padded), and which output pixels each tile writes. The network runs on every cut on its own.
/// </summary>
internal sealed class RealEsrganTiles
{
    public const int Scale = 2;

    public RealEsrganTiles(int height, int width, UpsamplerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Height = height;
        Width = width;
        int preHeight = height + options.PrePad;
        int preWidth = width + options.PrePad;

        // Reflect padding needs the side to exceed the pad (NumPy/PyTorch refuse otherwise).
        if ((options.PrePad > 0 && Math.Min(height, width) <= options.PrePad) || Math.Min(preHeight, preWidth) < 2)
        {
            throw new ArgumentException($"A {width}×{height} image is too small to upsample (reflect padding needs at least 2 pixels and more than the pre-pad {options.PrePad}).");
        }

        PreHeight = preHeight;
        PreWidth = preWidth;
        PaddedHeight = preHeight + (preHeight % Scale);
        PaddedWidth = preWidth + (preWidth % Scale);
        int tile = options.Tile == 0 ? Math.Max(PaddedHeight, PaddedWidth) : options.Tile;
        var cuts = new List<Cut>();
        for (int y0 = 0; y0 < PaddedHeight; y0 += tile)
        {
            for (int x0 = 0; x0 < PaddedWidth; x0 += tile)
            {
                int y1 = Math.Min(y0 + tile, PaddedHeight), x1 = Math.Min(x0 + tile, PaddedWidth);
                cuts.Add(new Cut(
                    y0, y1, x0, x1,
                    Math.Max(y0 - options.TilePad, 0), Math.Min(y1 + options.TilePad, PaddedHeight),
                    Math.Max(x0 - options.TilePad, 0), Math.Min(x1 + options.TilePad, PaddedWidth)));
            }
        }

        Cuts = cuts;
    }

    public int Height { get; }

    public int Width { get; }

    public int PreHeight { get; }

    public int PreWidth { get; }

    public int PaddedHeight { get; }

    public int PaddedWidth { get; }

    public IReadOnlyList<Cut> Cuts { get; }

    /// <summary>The source row of padded row <paramref name="y"/>: the mod pad reflects the pre-padded image, the pre-pad the image.</summary>
    public int SourceRow(int y) => Reflect(Reflect(y, PreHeight), Height);

    public int SourceColumn(int x) => Reflect(Reflect(x, PreWidth), Width);

    /// <summary>NumPy's "reflect": mirrors about the last pixel without repeating it.</summary>
    private static int Reflect(int i, int length) => i < length ? i : (2 * (length - 1)) - i;

    /// <summary>One tile: its core rows [Y0, Y1) and columns [X0, X1), and the cut the network sees.</summary>
    public readonly record struct Cut(int Y0, int Y1, int X0, int X1, int CutY0, int CutY1, int CutX0, int CutX1)
    {
        public int CutHeight => CutY1 - CutY0;

        public int CutWidth => CutX1 - CutX0;
    }
}
