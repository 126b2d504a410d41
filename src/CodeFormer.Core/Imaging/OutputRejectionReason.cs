namespace CodeFormer.Core.Imaging;

/// <summary>Why a result cannot be produced; hosts map these to status codes (or a failed job).</summary>
public enum OutputRejectionReason
{
    /// <summary>The result would have more pixels than the configured output cap.</summary>
    TooManyPixels,

    /// <summary>A side of the result is longer than the chosen format can record (<see cref="OutputFormats.MaxSide"/>).</summary>
    FormatSideLimit,

    /// <summary>The encoded file does not read back at the size it was written at.</summary>
    EncodedSizeMismatch,
}
