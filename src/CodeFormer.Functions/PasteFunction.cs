using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>Stage 3 on Azure: one paste message at a time from the paste queue.</summary>
public sealed class PasteFunction(PasteStage stage, StageWorkGate gate)
{
    [Function("Paste")]
    public Task Run(
        [ServiceBusTrigger("%PasteQueueName%", Connection = "ServiceBusConnection")] byte[] message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return gate.RunAsync(() => stage.HandleAsync(BinaryData.FromBytes(message), ServiceBusDelivery.From(context), context.CancellationToken), context.CancellationToken);
    }
}
