namespace CodeFormer.Core.Imaging;

/// <summary>Why an upload was refused; hosts map these to status codes and users read the exception's message.</summary>
public enum ImageRejectionReason
{
    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>More bytes than <see cref="DecodeLimits.MaxBytes"/>; refused before reading the rest.</summary>
    TooManyBytes,

    /// <summary>The header declares more pixels than <see cref="DecodeLimits.MaxPixels"/>; refused before decoding.</summary>
    TooManyPixels,

    /// <summary>A side is longer than <see cref="DecodeLimits.MaxDimension"/>; refused before decoding.</summary>
    DimensionTooLarge,

    /// <summary>No supported image signature: text, markup or some other kind of file.</summary>
    NotAnImage,

    /// <summary>A real image format (HEIC, AVIF, animated WebP, ...) or a format feature that is not supported.</summary>
    UnsupportedFormat,

    /// <summary>The file ends before its own structure says it should (an interrupted upload or copy).</summary>
    Truncated,

    /// <summary>The signature is right but the content cannot be decoded.</summary>
    Corrupt,
}
