namespace CodeFormer.Backend.Storage;

/// <summary>
/// A blob name the folder store refuses because it could reach outside its container folder or cannot be a file
/// name everywhere. Permanent, so a stage that meets one fails the job instead of retrying.
/// </summary>
public sealed class InvalidBlobNameException : CodeFormer.Core.PermanentFailureException
{
    public InvalidBlobNameException()
    {
    }

    public InvalidBlobNameException(string message)
        : base(message)
    {
    }

    public InvalidBlobNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
