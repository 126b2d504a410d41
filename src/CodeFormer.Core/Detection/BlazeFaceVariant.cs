namespace CodeFormer.Core.Detection;

/// <summary>The two BlazeFace models embedded in the core assembly.</summary>
public enum BlazeFaceVariant
{
    /// <summary>The back-camera model (256×256 input): faces at a distance, the default.</summary>
    Back256,

    /// <summary>The front-camera (selfie) model (128×128 input): large faces only.</summary>
    Front128,
}
