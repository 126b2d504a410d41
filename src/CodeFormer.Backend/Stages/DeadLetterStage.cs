using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Handles a stage message the queue dead-lettered (its deliveries all failed): marks the job failed, so a caller
/// polling the job learns the outcome instead of waiting forever. The queue's reason can hold raw exception text, so
/// it is logged under a correlation id and the job records only that id.
/// </summary>
public sealed class DeadLetterStage(JobStore jobs, ILogger<DeadLetterStage> logger)
{
    public async Task HandleAsync(BinaryData body, string reason, CancellationToken cancellationToken)
    {
        StageMessage message;
        try
        {
            message = StageMessage.Parse(body);
        }
        catch (MalformedMessageException ex)
        {
            logger.LogError(ex, "Dead-lettered message is unreadable ({Reason}); no job to mark", reason);
            return;
        }

        string stage = message.Stage.ToString().ToLowerInvariant();
        using var scope = logger.JobScope(message.JobId, stage + "-deadletter");
        string correlationId = StageFailure.NewCorrelationId();
        logger.LogError("The {Stage} stage gave up on the job (correlation id {CorrelationId}): {Reason}", stage, correlationId, reason);
        await jobs.FailAsync(message.JobId, StageFailure.InternalError(stage, correlationId), cancellationToken).ConfigureAwait(false);
    }
}
