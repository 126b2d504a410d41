namespace CodeFormer.Backend.Hosting;

/// <summary>
/// Caps the heavy stage runs (decode, detect, restore, paste) one process does at once, so a burst of large photos
/// waits in the queue instead of taking the instance past its memory. The cap is
/// <see cref="BackendOptions.MaxConcurrentStageWork"/>, or when that is 0 one run per <see cref="BytesPerRun"/> of
/// the memory this process may use (the container's limit where there is one, as the GC sees it).
/// </summary>
public sealed class StageWorkGate : IDisposable
{
    /// <summary>
    /// Peak memory of one heavy run at the default limits: a 40 MP photo decoded (160 MB) and its result canvas at
    /// upscale 2 (160 MP of float RGB, 1.9 GB) make about 2 GiB.
    /// </summary>
    public const long BytesPerRun = 2L << 30;

    private readonly SemaphoreSlim _slots;

    public StageWorkGate(BackendOptions options)
        : this(SlotsFrom(options))
    {
    }

    public StageWorkGate(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>Heavy runs allowed at once.</summary>
    public int Slots { get; }

    private static int SlotsFrom(BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxConcurrentStageWork > 0 ? options.MaxConcurrentStageWork : RunsFor(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }

    /// <summary>How many heavy runs fit in <paramref name="availableBytes"/> of memory; at least one.</summary>
    public static int RunsFor(long availableBytes) => (int)Math.Clamp(availableBytes / BytesPerRun, 1, 64);

    /// <summary>Runs <paramref name="work"/> once a slot is free (waiting in line otherwise) and frees the slot after.</summary>
    public async Task RunAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
