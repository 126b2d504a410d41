using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Stages;
using CodeFormer.Functions;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions.Gpu;

/// <summary>Stage 2 on Azure: one restore message at a time from the restore queue, on the GPU.</summary>
public sealed class RestoreFunction(RestoreStage stage, StageWorkGate gate)
{
    [Function("Restore")]
    public Task Run(
        [ServiceBusTrigger("%RestoreQueueName%", Connection = "ServiceBusConnection")] byte[] message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return gate.RunAsync(() => stage.HandleAsync(BinaryData.FromBytes(message), ServiceBusDelivery.From(context), context.CancellationToken), context.CancellationToken);
    }
}
