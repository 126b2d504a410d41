using System.Collections.Concurrent;
using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeFormer.Backend.Tests;

/// <summary>The in-process queue behaves like a Service Bus queue where the stages can tell: ids, redelivery, dead-lettering.</summary>
public sealed class InMemoryQueueTests
{
    [Fact]
    public async Task Same_message_id_sent_twice_is_delivered_twice_so_the_queue_remembers_no_ids()
    {
        // No duplicate-detection set that grows with every message: the stages are idempotent on the job's state
        // (FailureScenarios.Duplicate_deliveries_leave_one_output_and_finish_the_job_once).
        var deliveries = new ConcurrentBag<MessageDelivery>();
        var queue = NewQueue((_, d, _) => { deliveries.Add(d); return Task.CompletedTask; }, (_, _, _) => Task.CompletedTask, 5);
        queue.Send("job-restore", BinaryData.FromString("a"));
        queue.Send("job-restore", BinaryData.FromString("a"));
        await RunUntilIdleAsync(queue);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Fact]
    public async Task Failed_delivery_comes_back_with_a_higher_delivery_count()
    {
        var counts = new ConcurrentQueue<int>();
        var queue = NewQueue((_, d, _) =>
        {
            counts.Enqueue(d.DeliveryCount);
            return d.DeliveryCount == 1 ? throw new IOException("transient") : Task.CompletedTask;
        }, (_, _, _) => throw new InvalidOperationException("must not dead-letter"), 5);
        queue.Send("m", BinaryData.FromString("x"));
        await RunUntilIdleAsync(queue);
        Assert.Equal([1, 2], counts);
    }

    [Fact]
    public async Task Message_failing_every_delivery_is_dead_lettered_after_the_maximum()
    {
        int deliveries = 0;
        string? deadLetterReason = null;
        var queue = NewQueue((_, _, _) => { Interlocked.Increment(ref deliveries); throw new IOException("storage down"); },
            (body, reason, _) => { deadLetterReason = reason; Assert.Equal("x", body.ToString()); return Task.CompletedTask; }, 3);
        queue.Send("m", BinaryData.FromString("x"));
        await RunUntilIdleAsync(queue);
        Assert.Equal(3, deliveries);
        Assert.NotNull(deadLetterReason);
        Assert.Contains("storage down", deadLetterReason, StringComparison.Ordinal);
    }

    private static InMemoryQueue NewQueue(Func<BinaryData, MessageDelivery, CancellationToken, Task> handler, Func<BinaryData, string, CancellationToken, Task> deadLetter, int maxDeliveries) =>
        new("test", handler, deadLetter, maxDeliveries, TimeSpan.FromMilliseconds(10), NullLogger.Instance);

    private static async Task RunUntilIdleAsync(InMemoryQueue queue)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var running = queue.RunAsync(2, stop.Token);
        while (queue.Pending > 0 && !stop.IsCancellationRequested)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, queue.Pending);
        await stop.CancelAsync();
        await running;
    }
}
