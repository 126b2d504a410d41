namespace CodeFormer.Network.Architecture;

internal enum BlockKind
{
    /// <summary>3×3 convolution with bias, padding 1.</summary>
    Conv,

    /// <summary>ResBlock: GroupNorm, swish, conv, GroupNorm, swish, conv, plus the (1×1-projected) input.</summary>
    Res,

    /// <summary>Spatial self-attention over all positions.</summary>
    Attention,

    /// <summary>Pad right and bottom by one, 3×3 convolution with stride 2.</summary>
    Downsample,

    /// <summary>Nearest-neighbour ×2, 3×3 convolution.</summary>
    Upsample,

    /// <summary>GroupNorm with affine parameters, no activation.</summary>
    Norm,
}

/// <summary>One entry of an encoder or decoder <c>blocks</c> list, with the widths and the resolution it runs at.</summary>
internal sealed record BlockSpec(BlockKind Kind, int InChannels, int OutChannels, int Resolution);
