namespace CodeFormer.Core;

/// <summary>
/// The one marker for failures no retry can fix (the input, the model or a stored job's data is unusable): its
/// message is written for the caller and recorded on the job. Anything not derived from it is treated as transient:
/// retried a bounded number of times, logged, and never shown to callers verbatim.
/// </summary>
public class PermanentFailureException : Exception
{
    public PermanentFailureException()
    {
    }

    public PermanentFailureException(string message)
        : base(message)
    {
    }

    public PermanentFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
