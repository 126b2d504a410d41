namespace CodeFormer.Core.Restoration;

/// <summary>How the restorer feeds faces to the network.</summary>
public sealed record RestorerOptions
{
    public RestorerOptions(int maxBatchSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatchSize, 64);
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>Faces per network run when the model has a dynamic batch (GPUs gain from 8–16; CPUs barely do).</summary>
    public int MaxBatchSize { get; }
}
