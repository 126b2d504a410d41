namespace CodeFormer.Core.Inpainting;

/// <summary>An inpainting mask that cannot be used: not an image, not the photo's size, or with nothing to fill.</summary>
public sealed class MaskRejectedException(string message, Exception? inner = null) : Exception(message, inner);
