using Azure.Storage.Blobs;
using CodeFormer.Backend.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Functions;

/// <summary>
/// Every five minutes, the upload events Event Grid could not deliver to Detect (written to the
/// <c>UploadEventsDeadLetterContainer</c> by the subscription infra/hooks/subscribe-uploads.sh makes): each dead
/// letter's uploads get their jobs failed, then the dead letter is deleted. A timer, because Flex Consumption has no
/// polling blob trigger and a second Event Grid subscription for the dead letters would be one more thing to lose.
/// </summary>
public sealed class UndeliveredUploadsFunction(
    UndeliveredUploadEvents events, BlobServiceClient blobs, IConfiguration configuration, ILogger<UndeliveredUploadsFunction> logger)
{
    public const string ContainerSetting = "UploadEventsDeadLetterContainer";

    [Function("UndeliveredUploads")]
    public async Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        CancellationToken cancellationToken = context.CancellationToken;
        BlobContainerClient container = blobs.GetBlobContainerClient(configuration[ContainerSetting] ?? "uploads-undelivered");
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            BlobClient blob = container.GetBlobClient(item.Name);
            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            if (await events.HandleAsync(content, cancellationToken).ConfigureAwait(false))
            {
                await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Failed the jobs of the undelivered upload events in {DeadLetter}", item.Name);
            }
        }
    }
}
