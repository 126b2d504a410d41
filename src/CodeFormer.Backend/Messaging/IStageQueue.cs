namespace CodeFormer.Backend.Messaging;

/// <summary>Sends a stage message to the queue its stage listens on (Service Bus in Azure, in memory in-process).</summary>
public interface IStageQueue
{
    Task SendAsync(StageMessage message, CancellationToken cancellationToken);
}
