namespace CodeFormer.Backend.Messaging;

/// <summary>A message that no retry can make readable: its body is not a stage message this build understands.</summary>
public sealed class MalformedMessageException : CodeFormer.Core.PermanentFailureException
{
    public MalformedMessageException(string message)
        : base(message)
    {
    }

    public MalformedMessageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
