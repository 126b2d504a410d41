using CodeFormer.Backend.Hosting;

namespace CodeFormer.Backend.Tests;

/// <summary>The per-process cap on heavy stage runs.</summary>
public sealed class StageWorkGateTests
{
    [Fact]
    public async Task Never_more_runs_at_once_than_the_cap_and_every_run_finishes()
    {
        using var gate = new StageWorkGate(2);
        int running = 0, peak = 0, finished = 0;

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => gate.RunAsync(async () =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref finished);
        }, CancellationToken.None))));

        Assert.Equal(2, peak);
        Assert.Equal(12, finished);
    }

    [Fact]
    public async Task A_run_that_throws_gives_its_slot_back()
    {
        using var gate = new StageWorkGate(1);

        await Assert.ThrowsAsync<IOException>(() => gate.RunAsync(() => throw new IOException("disk"), CancellationToken.None));

        bool ran = false;
        await gate.RunAsync(() => { ran = true; return Task.CompletedTask; }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(ran);
    }

    [Theory]
    [InlineData(1L << 30, 1)]
    [InlineData(2048L << 20, 1)]
    [InlineData(4096L << 20, 2)]
    [InlineData(56L << 30, 28)]
    public void Without_a_setting_one_run_per_2_GiB_of_memory(long bytes, int runs) => Assert.Equal(runs, StageWorkGate.RunsFor(bytes));

    [Fact]
    public void The_setting_wins_over_the_memory_estimate()
    {
        using var gate = new StageWorkGate(new BackendOptions { MaxConcurrentStageWork = 3 });
        Assert.Equal(3, gate.Slots);
        Assert.Contains(new BackendOptions { MaxConcurrentStageWork = -1 }.Problems(), p => p.Contains("MaxConcurrentStageWork", StringComparison.Ordinal));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
