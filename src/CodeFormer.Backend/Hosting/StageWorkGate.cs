namespace CodeFormer.Backend.Hosting;

/// <summary>
/// Caps the heavy stage runs (decode, detect, restore, paste) one process does at once, so a burst of large photos
/// waits in the queue instead of taking the instance past its memory. The cap is
/// <see cref="BackendOptions.MaxConcurrentStageWork"/>, or when that is 0 one run per <see cref="BytesPerRun"/> of
/// the memory this process may use (the container's limit where there is one, as the GC sees it).
/// When the last run ends and none starts for <see cref="IdleBeforeRelease"/>, the burst's memory is handed back.
/// </summary>
public sealed class StageWorkGate : IDisposable
{
    /// <summary>
    /// Peak memory of one heavy run at the default limits: a 40 MP photo decoded (160 MB) and its result canvas at
    /// upscale 2 (160 MP of float RGB, 1.9 GB) make about 2 GiB.
    /// </summary>
    public const long BytesPerRun = 2L << 30;

    private readonly SemaphoreSlim _slots;
    private int _running;
    private long _idleSince;

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

    /// <summary>
    /// How long the gate must stay empty before the memory of the last burst is handed back to the system (one
    /// aggressive, compacting collection), so an idle process does not sit at its peak.
    /// </summary>
    public TimeSpan IdleBeforeRelease { get; init; } = TimeSpan.FromSeconds(5);

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
        Interlocked.Increment(ref _running);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                ReleaseMemoryWhenStillIdle();
            }

            _slots.Release();
        }
    }

    private void ReleaseMemoryWhenStillIdle()
    {
        long idleSince = Interlocked.Increment(ref _idleSince);
        _ = Task.Delay(IdleBeforeRelease).ContinueWith(
            _ =>
            {
                // Another run started (and maybe ended) meanwhile: its own end schedules the release.
                if (Volatile.Read(ref _running) == 0 && Interlocked.Read(ref _idleSince) == idleSince)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public void Dispose() => _slots.Dispose();
}
