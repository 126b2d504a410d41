using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Functions;

/// <summary>
/// The Detect trigger's dead letters: when the host gives up on an upload (its retries all threw), the upload's job is
/// marked failed with the reason, so a caller polling it learns the outcome instead of waiting on "queued" forever.
/// </summary>
public sealed class DetectGaveUpFunction(DetectStage stage, ILogger<DetectGaveUpFunction> logger)
{
    [Function("DetectGaveUp")]
    public async Task Run(
        [QueueTrigger(PoisonBlob.QueueName, Connection = "CodeFormerStorage")] string message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var poison = PoisonBlob.Parse(message);
        if (poison is null || !poison.FunctionId.EndsWith(".Detect", StringComparison.Ordinal))
        {
            logger.LogWarning("Ignoring a poison-blob message that is not about Detect: {Message}", message);
            return;
        }

        await stage.GiveUpAsync(poison.BlobName, "the upload failed detection on every retry", context.CancellationToken).ConfigureAwait(false);
    }
}
