using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>The logging scope every stage opens, so each line it writes carries the job id and the stage.</summary>
internal static class StageLogging
{
    public static IDisposable? JobScope(this ILogger logger, string jobId, string stage, int deliveryCount = 1) =>
        logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = jobId,
            ["Stage"] = stage,
            ["DeliveryCount"] = deliveryCount,
        });
}
