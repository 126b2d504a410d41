namespace CodeFormer.Network.Checkpoints;

/// <summary>A checkpoint file is damaged, not a PyTorch checkpoint, or uses something outside the safe subset this reader accepts.</summary>
public sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    public CheckpointFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
