namespace CodeFormer.Network.Fetching;

/// <summary>The checkpoint could not be downloaded (HTTP error, connection lost after every retry).</summary>
public class ModelFetchException : Exception
{
    public ModelFetchException(string message)
        : base(message)
    {
    }

    public ModelFetchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The checkpoint's size or SHA-256 differs from the one expected or recorded: it is not used.</summary>
public sealed class ChecksumMismatchException(string message) : ModelFetchException(message);
