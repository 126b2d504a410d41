using Azure.Storage.Blobs;
using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>Stage 1 on Azure: every new blob in the uploads container (delivered through Event Grid).</summary>
public sealed class DetectFunction(DetectStage stage, StageWorkGate gate)
{
    [Function("Detect")]
    public Task Run(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "CodeFormerStorage")] BlobClient upload,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(context);
        return gate.RunAsync(() => stage.RunAsync(upload.Name, 1, context.CancellationToken), context.CancellationToken);
    }
}
