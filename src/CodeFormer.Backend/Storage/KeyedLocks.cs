namespace CodeFormer.Backend.Storage;

/// <summary>
/// Mutual exclusion per key within this process, over a fixed set of semaphores (keys share one when their hashes
/// collide, which only costs a little waiting), so memory stays bounded however many keys there are.
/// </summary>
internal sealed class KeyedLocks : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    public KeyedLocks(int stripes = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _stripes = Enumerable.Range(0, stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    }

    public async Task<Held> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>The lock while held; disposing releases it.</summary>
    public readonly struct Held(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
