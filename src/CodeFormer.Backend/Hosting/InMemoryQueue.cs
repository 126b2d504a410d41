using System.Threading.Channels;
using CodeFormer.Backend.Messaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// One queue of the in-process host, modelled on a Service Bus queue: peek-lock delivery to one handler at a time per
/// consumer, redelivery with an incremented delivery count when the handler throws, and dead-lettering (handed to
/// <paramref name="deadLetter"/>) once <paramref name="maxDeliveryCount"/> deliveries have failed. It keeps no
/// memory of ids it has seen: a message sent twice is delivered twice, as Service Bus does once its
/// duplicate-detection window has passed, and the stages are idempotent on the job's state.
/// </summary>
public sealed class InMemoryQueue(
    string name,
    Func<BinaryData, MessageDelivery, CancellationToken, Task> handler,
    Func<BinaryData, string, CancellationToken, Task> deadLetter,
    int maxDeliveryCount,
    TimeSpan redeliveryDelay,
    ILogger logger)
{
    private readonly Channel<Envelope> _channel = Channel.CreateUnbounded<Envelope>();
    private int _inFlight;

    public string Name => name;

    /// <summary>Messages waiting or being handled.</summary>
    public int Pending => Volatile.Read(ref _inFlight);

    /// <summary>Enqueues a message for delivery.</summary>
    public void Send(string messageId, BinaryData body) => Enqueue(new Envelope(messageId, body, 0));

    /// <summary>Runs <paramref name="consumers"/> concurrent consumers until cancelled.</summary>
    public Task RunAsync(int consumers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => ConsumeAsync(cancellationToken)));

    private void Enqueue(Envelope envelope)
    {
        Interlocked.Increment(ref _inFlight);
        if (!_channel.Writer.TryWrite(envelope))
        {
            Interlocked.Decrement(ref _inFlight);
            throw new InvalidOperationException($"Queue {name} is closed.");
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var envelope in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await DeliverAsync(envelope with { DeliveryCount = envelope.DeliveryCount + 1 }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        bool finished = true;
        try
        {
            await handler(envelope.Body, new MessageDelivery(envelope.MessageId, envelope.DeliveryCount), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (envelope.DeliveryCount >= maxDeliveryCount)
            {
                logger.LogError(ex, "Queue {Queue} dead-letters message {MessageId} after {DeliveryCount} deliveries", name, envelope.MessageId, envelope.DeliveryCount);
                string reason = $"MaxDeliveryCountExceeded: {envelope.DeliveryCount} deliveries failed; last error: {ex.Message}";
                await DeadLetterAsync(envelope, reason, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                logger.LogWarning(ex, "Queue {Queue} abandons message {MessageId} (delivery {DeliveryCount}); it will be redelivered", name, envelope.MessageId, envelope.DeliveryCount);
                finished = false;
                _ = RedeliverLaterAsync(envelope, cancellationToken);
            }
        }
        finally
        {
            if (finished)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task DeadLetterAsync(Envelope envelope, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await deadLetter(envelope.Body, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Queue {Queue} could not process dead-lettered message {MessageId}", name, envelope.MessageId);
        }
    }

    private async Task RedeliverLaterAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(redeliveryDelay, cancellationToken).ConfigureAwait(false);
            _channel.Writer.TryWrite(envelope);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private sealed record Envelope(string MessageId, BinaryData Body, int DeliveryCount);
}
