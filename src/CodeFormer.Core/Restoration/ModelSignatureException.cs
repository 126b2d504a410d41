namespace CodeFormer.Core.Restoration;

/// <summary>A model file that does not have the signature a CodeFormer restorer needs.</summary>
public sealed class ModelSignatureException(string message) : PermanentFailureException(message);
