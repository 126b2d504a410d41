namespace CodeFormer.Backend.Jobs;

/// <summary>
/// A job kept changing while <see cref="JobStore.UpdateAsync"/> tried to update it. Transient: the stage message is
/// retried, as with any storage error.
/// </summary>
public sealed class JobConflictException : Exception
{
    public JobConflictException()
    {
    }

    public JobConflictException(string message)
        : base(message)
    {
    }

    public JobConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
