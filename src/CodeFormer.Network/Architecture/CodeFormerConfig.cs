namespace CodeFormer.Network.Architecture;

/// <summary>
/// The hyper-parameters that fix CodeFormer's layers, tensor names and shapes. <see cref="Released"/> is the
/// published model (the official <c>codeformer.pth</c>); narrower copies (<c>Released with { ... }</c>) build
/// small models quickly for tests. <see cref="Validate"/> runs wherever a configuration is used.
/// </summary>
public sealed record CodeFormerConfig
{
    public static CodeFormerConfig Released { get; } = new();

    /// <summary>The face colour-enhancement checkpoint (<c>codeformer_colorization.pth</c>): fusion at 32–128 only, w fixed at 0.</summary>
    public static CodeFormerConfig Colorization { get; } = new() { FusionResolutions = [32, 64, 128], FixedFidelity = 0 };

    /// <summary>The face inpainting checkpoint (<c>codeformer_inpainting.pth</c>): 512 codes, fusion at 32–128 only, w fixed at 1, no AdaIN.</summary>
    public static CodeFormerConfig Inpainting { get; } = new() { CodebookSize = 512, FusionResolutions = [32, 64, 128], FixedFidelity = 1, AdaIn = false };

    /// <summary>Side of the square input and output image.</summary>
    public int ImageSize { get; init; } = 512;

    /// <summary>Base width <c>nf</c> of the VQGAN encoder and decoder.</summary>
    public int BaseChannels { get; init; } = 64;

    /// <summary>Width multipliers per resolution level, highest resolution first; one level fewer downsamples.</summary>
    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2, 4, 4, 8];

    public int ResBlocksPerLevel { get; init; } = 2;

    /// <summary>Resolutions at which encoder and decoder levels add spatial self-attention after each residual block.</summary>
    public IReadOnlyList<int> AttentionResolutions { get; init; } = [16];

    public int GroupNormGroups { get; init; } = 32;

    public int CodebookSize { get; init; } = 1024;

    /// <summary>Width of a code (and of <c>lq_feat</c>'s channels).</summary>
    public int CodeDimension { get; init; } = 256;

    public int TransformerLayers { get; init; } = 9;

    public int TransformerHeads { get; init; } = 8;

    public int TransformerWidth { get; init; } = 512;

    public int TransformerMlpWidth { get; init; } = 1024;

    /// <summary>Decoder resolutions where the controllable feature transformation fuses encoder features.</summary>
    public IReadOnlyList<int> FusionResolutions { get; init; } = [32, 64, 128, 256];

    /// <summary>
    /// Fidelity w baked into the graph (no <c>weight</c> input), as the colourisation (0) and inpainting (1)
    /// checkpoints are run by the official scripts; null leaves w to the caller.
    /// </summary>
    public double? FixedFidelity { get; init; }

    /// <summary>Whether the looked-up codes are re-coloured to the input's statistics (AdaIN); the inpainting checkpoint runs without.</summary>
    public bool AdaIn { get; init; } = true;

    public int Levels => ChannelMultipliers.Count;

    /// <summary>Side of the code grid: the image size after every downsample.</summary>
    public int LatentSize => ImageSize >> (Levels - 1);

    /// <summary>Tokens the transformer sees: one per latent position.</summary>
    public int TokenCount => LatentSize * LatentSize;

    /// <summary>Channels of the encoder/decoder level working at <paramref name="resolution"/>.</summary>
    public int ChannelsAt(int resolution)
    {
        for (int level = 0; level < Levels; level++)
        {
            if (ImageSize >> level == resolution)
            {
                return BaseChannels * ChannelMultipliers[level];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(resolution), resolution, $"No level of a {ImageSize}-pixel network works at resolution {resolution}.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        Require(ImageSize > 0 && (ImageSize & (ImageSize - 1)) == 0, $"ImageSize must be a power of two, not {ImageSize}.");
        Require(BaseChannels > 0, "BaseChannels must be positive.");
        Require(Levels >= 2, "ChannelMultipliers needs at least two levels.");
        Require(ChannelMultipliers.All(m => m > 0), "ChannelMultipliers must be positive.");
        Require(LatentSize >= 1 && ImageSize >> (Levels - 1) << (Levels - 1) == ImageSize, $"{Levels} levels do not fit a {ImageSize}-pixel image.");
        Require(ResBlocksPerLevel >= 1, "ResBlocksPerLevel must be at least 1.");
        Require(GroupNormGroups > 0, "GroupNormGroups must be positive.");
        foreach (int m in ChannelMultipliers)
        {
            Require(BaseChannels * m % GroupNormGroups == 0, $"Every level's width must divide into {GroupNormGroups} groups; {BaseChannels * m} does not.");
        }

        Require(CodebookSize > 1, "CodebookSize must be above 1.");
        Require(CodeDimension > 0, "CodeDimension must be positive.");
        Require(TransformerLayers >= 0, "TransformerLayers cannot be negative.");
        Require(TransformerHeads > 0 && TransformerWidth % TransformerHeads == 0, $"TransformerWidth {TransformerWidth} must split evenly into {TransformerHeads} heads.");
        Require(TransformerMlpWidth > 0, "TransformerMlpWidth must be positive.");
        Require(TokenCount > 1, "The latent grid needs more than one token (AdaIN uses an unbiased variance).");
        foreach (int r in FusionResolutions)
        {
            Require(r > LatentSize && r <= ImageSize && (r & (r - 1)) == 0, $"Fusion resolution {r} must be a level above the {LatentSize}×{LatentSize} latent grid.");
        }

        Require(FusionResolutions.Distinct().Count() == FusionResolutions.Count, "FusionResolutions has a duplicate.");
        Require(FixedFidelity is null or (>= 0 and <= 1), $"FixedFidelity must be between 0 and 1, not {FixedFidelity}.");
    }

    public bool Equals(CodeFormerConfig? other) =>
        other is not null
        && ImageSize == other.ImageSize && BaseChannels == other.BaseChannels
        && ChannelMultipliers.SequenceEqual(other.ChannelMultipliers) && ResBlocksPerLevel == other.ResBlocksPerLevel
        && AttentionResolutions.SequenceEqual(other.AttentionResolutions) && GroupNormGroups == other.GroupNormGroups
        && CodebookSize == other.CodebookSize && CodeDimension == other.CodeDimension
        && TransformerLayers == other.TransformerLayers && TransformerHeads == other.TransformerHeads
        && TransformerWidth == other.TransformerWidth && TransformerMlpWidth == other.TransformerMlpWidth
        && FusionResolutions.SequenceEqual(other.FusionResolutions)
        && FixedFidelity == other.FixedFidelity && AdaIn == other.AdaIn;

    public override int GetHashCode() => HashCode.Combine(ImageSize, BaseChannels, Levels, CodebookSize, CodeDimension, TransformerLayers, TransformerWidth);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("Invalid CodeFormer configuration: " + message);
        }
    }
}
