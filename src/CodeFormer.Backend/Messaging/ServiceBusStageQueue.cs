using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace CodeFormer.Backend.Messaging;

/// <summary>Sends stage messages to their Service Bus queues, with the ids and properties the contract promises.</summary>
public sealed class ServiceBusStageQueue(ServiceBusClient client, QueueNames queues) : IStageQueue, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new();

    public Task SendAsync(StageMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sender = _senders.GetOrAdd(queues.For(message.Stage), client.CreateSender);
        return sender.SendMessageAsync(ToServiceBus(message), cancellationToken);
    }

    public static ServiceBusMessage ToServiceBus(StageMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sbMessage = new ServiceBusMessage(message.ToBinary())
        {
            MessageId = message.MessageId,
            CorrelationId = message.JobId,
            ContentType = "application/json",
            Subject = message.Stage.ToString().ToLowerInvariant(),
        };
        sbMessage.ApplicationProperties["stage"] = sbMessage.Subject;
        sbMessage.ApplicationProperties["attempt"] = message.Attempt;
        sbMessage.ApplicationProperties["version"] = message.Version;
        return sbMessage;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync().ConfigureAwait(false);
        }
    }
}
