namespace CodeFormer.Backend.Stages;

/// <summary>The CodeFormer model cannot be opened (missing, unreadable or not a CodeFormer export): the host that restores cannot start.</summary>
public sealed class ModelUnavailableException(string message, Exception innerException) : Exception(message, innerException);
