namespace CodeFormer.Core.Pipeline;

/// <summary>What a user asks of one restoration, validated on construction.</summary>
public sealed record RestoreOptions
{
    public RestoreOptions(double fidelity = 0.5, int upscale = 2, bool hasAligned = false, bool onlyCenterFace = false, bool largestFace = false, bool drawBox = false)
    {
        if (!(fidelity >= 0 && fidelity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, "Fidelity w must be between 0 and 1.");
        }

        if (upscale is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(upscale), upscale, "Upscale must be 1, 2, 3 or 4.");
        }

        Fidelity = fidelity;
        Upscale = upscale;
        HasAligned = hasAligned;
        OnlyCenterFace = onlyCenterFace;
        LargestFace = largestFace;
        DrawBox = drawBox;
    }

    /// <summary>w: 0 trusts the codebook most (strongest restoration), 1 keeps closest to the input.</summary>
    public double Fidelity { get; }

    public int Upscale { get; }

    /// <summary>The input is already a face aligned to the FFHQ template: no detection, no paste-back.</summary>
    public bool HasAligned { get; }

    public bool OnlyCenterFace { get; }

    public bool LargestFace { get; }

    public bool DrawBox { get; }

    /// <summary>Which checkpoint's job this is; the model given must be that checkpoint.</summary>
    public FaceTask Task { get; init; } = FaceTask.Restore;

    /// <summary>Real-ESRGAN background upsampling with these tiles (the official <c>--bg_upsampler realesrgan</c>); null: bilinear.</summary>
    public Upsampling.UpsamplerOptions? BackgroundUpsampling { get; init; }
}
