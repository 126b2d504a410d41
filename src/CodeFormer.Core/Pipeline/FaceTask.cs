namespace CodeFormer.Core.Pipeline;

/// <summary>The paper's three uses of CodeFormer, each with its own checkpoint (CODEFORMER_VARIANTS.md).</summary>
public enum FaceTask
{
    /// <summary>Blind face restoration (<c>codeformer.pth</c>); gray photos stay gray.</summary>
    Restore,

    /// <summary>Face colour enhancement (<c>codeformer_colorization.pth</c>): gray or faded faces come back in colour.</summary>
    Colorize,

    /// <summary>Face inpainting (<c>codeformer_inpainting.pth</c>): pure-white regions are filled, everything else kept.</summary>
    Inpaint,
}
