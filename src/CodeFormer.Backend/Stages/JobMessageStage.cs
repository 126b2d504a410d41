using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The prologue the message-driven stages (restore, paste) share: read the claim-check message (an unreadable one is
/// logged and completed), open the job's log scope, skip unknown and finished jobs, and run the stage's work under
/// <see cref="StageFailure.RunAsync"/>.
/// </summary>
internal static class JobMessageStage
{
    public static async Task HandleAsync(
        JobStore jobs,
        ILogger logger,
        PipelineStage stage,
        BinaryData body,
        MessageDelivery delivery,
        Func<StageMessage, JobRecord, Task> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        string name = stage.ToString().ToLowerInvariant();
        StageMessage message;
        try
        {
            message = StageMessage.Parse(body);
        }
        catch (MalformedMessageException ex)
        {
            logger.LogError(ex, "The {Stage} stage discards unreadable message {MessageId}", name, delivery.MessageId);
            return;
        }

        using var scope = logger.JobScope(message.JobId, name, delivery.DeliveryCount);
        var job = await jobs.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            logger.LogInformation("Nothing to do in the {Stage} stage: job is {Status}", name, job?.Status.ToString() ?? "unknown");
            return;
        }

        await StageFailure.RunAsync(jobs, job.JobId, name, logger, () => work(message, job), cancellationToken).ConfigureAwait(false);
    }
}
