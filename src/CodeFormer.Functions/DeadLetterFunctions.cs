using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>
/// The dead-letter queues of both stage queues: a message lands there after its last allowed delivery failed,
/// and its job is then marked failed with the reason.
/// </summary>
public sealed class DeadLetterFunctions(DeadLetterStage stage)
{
    [Function("RestoreDeadLetter")]
    public Task Restore(
        [ServiceBusTrigger("%RestoreQueueName%/$deadletterqueue", Connection = "ServiceBusConnection")] byte[] message,
        FunctionContext context) => Handle(message, context);

    [Function("PasteDeadLetter")]
    public Task Paste(
        [ServiceBusTrigger("%PasteQueueName%/$deadletterqueue", Connection = "ServiceBusConnection")] byte[] message,
        FunctionContext context) => Handle(message, context);

    private Task Handle(byte[] message, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return stage.HandleAsync(BinaryData.FromBytes(message), ServiceBusDelivery.DeadLetterReason(context), context.CancellationToken);
    }
}
