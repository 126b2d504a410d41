using CodeFormer.Backend.Stages;
using Microsoft.Azure.Functions.Worker;

namespace CodeFormer.Functions;

/// <summary>
/// Every 5 minutes: resumes or fails the jobs that made no progress for <c>CodeFormer__StuckJobAfter</c> (a crash
/// between recording a job and storing its upload, a worker killed mid-stage), so no job stays unfinished.
/// </summary>
public sealed class SweepFunction(JobSweeper sweeper)
{
    [Function("SweepStuckJobs")]
    public Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return sweeper.SweepAsync(context.CancellationToken);
    }
}
