using CodeFormer.Backend.Jobs;
using CodeFormer.Core;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// The one place stage errors are sorted and ended. Permanent failures carry the <see cref="PermanentFailureException"/>
/// marker: no retry can fix them, so the job ends with the failure's message (written for the caller) and the message
/// is completed. Anything else is transient (storage, network, or a coding bug): rethrown so the queue retries it a
/// bounded number of times, logged in full, and only ever shown to callers as <see cref="InternalError"/>.
/// </summary>
public static class StageFailure
{
    public static bool IsPermanent(Exception ex) => ex is PermanentFailureException;

    /// <summary>The reason recorded on the job for a permanent failure, in words a caller can act on.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        ImageRejectedException rejected => $"The upload is not a usable image ({rejected.Reason}): {rejected.Message}",
        OutputRejectedException => $"The result cannot be made as asked: {ex.Message}",
        ModelSignatureException => $"The CodeFormer model does not fit: {ex.Message}",
        _ => ex.Message,
    };

    /// <summary>What a caller is told about a transient failure that exhausted its retries: no internals, an id to quote.</summary>
    public static string InternalError(string stage, string correlationId) =>
        $"The {stage} stage failed repeatedly on an internal error and gave up; quote correlation id {correlationId} when reporting it.";

    /// <summary>A fresh id that ties the job's recorded error to the log line holding the details.</summary>
    public static string NewCorrelationId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Runs a stage's work for a job. A permanent failure ends the job (cancelled when its upload was withdrawn,
    /// failed otherwise) and returns; anything else propagates, for the queue to retry.
    /// </summary>
    public static async Task RunAsync(JobStore jobs, string jobId, string stage, ILogger logger, Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            string reason = Describe(ex);
            logger.LogWarning(ex, "Job ended permanently in the {Stage} stage: {Reason}", stage, reason);
            var at = jobs.Clock.GetUtcNow();
            await jobs.UpdateAsync(jobId, job => ex is UploadWithdrawnException ? job.Cancel(reason, at) : job.Fail(reason, at), cancellationToken).ConfigureAwait(false);
        }
    }
}
