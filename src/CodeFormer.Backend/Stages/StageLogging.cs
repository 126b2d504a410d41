using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The logging scope every stage opens, so each line it writes carries the job id and the stage: as properties
/// (JobId, Stage, DeliveryCount) for Application Insights, and as text on the console.
/// </summary>
internal static class StageLogging
{
    public static IDisposable? JobScope(this ILogger logger, string jobId, string stage, int deliveryCount = 1) =>
        logger.BeginScope("Job {JobId} {Stage} delivery {DeliveryCount}", jobId, stage, deliveryCount);
}
