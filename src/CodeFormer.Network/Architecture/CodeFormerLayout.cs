namespace CodeFormer.Network.Architecture;

/// <summary>
/// The block lists of the encoder and decoder as the reference implementation builds them from a
/// <see cref="CodeFormerConfig"/>, and where the fusion features are taken and applied. The parameter names and
/// the ONNX graph are both derived from this one description.
/// </summary>
internal sealed class CodeFormerLayout
{
    private CodeFormerLayout(CodeFormerConfig config)
    {
        config.Validate();
        Config = config;
        var encoder = BuildEncoder(config);
        var generator = BuildGenerator(config);
        Encoder = encoder;
        Generator = generator;
        EncoderFeatureAfter = config.FusionResolutions.ToDictionary(r => r, r => LastResBlockAt(encoder, r));
        GeneratorFusionAfter = config.FusionResolutions.ToDictionary(r => r, r => FirstResBlockAt(generator, r));
    }

    public CodeFormerConfig Config { get; }

    public IReadOnlyList<BlockSpec> Encoder { get; }

    public IReadOnlyList<BlockSpec> Generator { get; }

    /// <summary>Resolution → index of the encoder block whose output is kept for fusion.</summary>
    public IReadOnlyDictionary<int, int> EncoderFeatureAfter { get; }

    /// <summary>Resolution → index of the decoder block after which fusion applies.</summary>
    public IReadOnlyDictionary<int, int> GeneratorFusionAfter { get; }

    public static CodeFormerLayout For(CodeFormerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CodeFormerLayout(config);
    }

    private static List<BlockSpec> BuildEncoder(CodeFormerConfig c)
    {
        var blocks = new List<BlockSpec>();
        int res = c.ImageSize;
        blocks.Add(new(BlockKind.Conv, 3, c.BaseChannels, res));
        int ch = c.BaseChannels;
        for (int level = 0; level < c.Levels; level++)
        {
            int outCh = c.BaseChannels * c.ChannelMultipliers[level];
            for (int i = 0; i < c.ResBlocksPerLevel; i++)
            {
                blocks.Add(new(BlockKind.Res, ch, outCh, res));
                ch = outCh;
                if (c.AttentionResolutions.Contains(res))
                {
                    blocks.Add(new(BlockKind.Attention, ch, ch, res));
                }
            }

            if (level != c.Levels - 1)
            {
                blocks.Add(new(BlockKind.Downsample, ch, ch, res));
                res /= 2;
            }
        }

        blocks.Add(new(BlockKind.Res, ch, ch, res));
        blocks.Add(new(BlockKind.Attention, ch, ch, res));
        blocks.Add(new(BlockKind.Res, ch, ch, res));
        blocks.Add(new(BlockKind.Norm, ch, ch, res));
        blocks.Add(new(BlockKind.Conv, ch, c.CodeDimension, res));
        return blocks;
    }

    private static List<BlockSpec> BuildGenerator(CodeFormerConfig c)
    {
        var blocks = new List<BlockSpec>();
        int res = c.LatentSize;
        int ch = c.BaseChannels * c.ChannelMultipliers[^1];
        blocks.Add(new(BlockKind.Conv, c.CodeDimension, ch, res));
        blocks.Add(new(BlockKind.Res, ch, ch, res));
        blocks.Add(new(BlockKind.Attention, ch, ch, res));
        blocks.Add(new(BlockKind.Res, ch, ch, res));
        for (int level = c.Levels - 1; level >= 0; level--)
        {
            int outCh = c.BaseChannels * c.ChannelMultipliers[level];
            for (int i = 0; i < c.ResBlocksPerLevel; i++)
            {
                blocks.Add(new(BlockKind.Res, ch, outCh, res));
                ch = outCh;
                if (c.AttentionResolutions.Contains(res))
                {
                    blocks.Add(new(BlockKind.Attention, ch, ch, res));
                }
            }

            if (level != 0)
            {
                blocks.Add(new(BlockKind.Upsample, ch, ch, res));
                res *= 2;
            }
        }

        blocks.Add(new(BlockKind.Norm, ch, ch, res));
        blocks.Add(new(BlockKind.Conv, ch, 3, res));
        return blocks;
    }

    // The reference keeps the encoder feature after the last residual block of a level (before its downsample)…
    private static int LastResBlockAt(List<BlockSpec> blocks, int resolution) =>
        blocks.FindLastIndex(b => b.Kind == BlockKind.Res && b.Resolution == resolution);

    // …and fuses right after the first residual block of the decoder level at that resolution.
    private static int FirstResBlockAt(List<BlockSpec> blocks, int resolution) =>
        blocks.FindIndex(b => b.Kind == BlockKind.Res && b.Resolution == resolution);
}
