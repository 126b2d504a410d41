using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Ends the jobs a crash left behind. A job that made no progress for <see cref="BackendOptions.StuckJobAfter"/> is
/// resumed where it stands — detection run again on its upload, or its restore or paste message sent again — or
/// failed when it cannot be: its upload was never stored (the process died between recording the job and writing
/// the upload), its detection results are gone, or it was resumed <see cref="BackendOptions.MaxResumes"/> times
/// already. Run by a timer trigger in the CPU Function app and by a background loop in <c>serve</c>.
/// </summary>
public sealed class JobSweeper(JobStore jobs, BlobStore blobs, IStageQueue queue, DetectStage detect, BackendOptions options, ILogger<JobSweeper> logger)
{
    /// <summary>Looks at every unfinished job once; returns how many were resumed and how many failed.</summary>
    public async Task<(int Resumed, int Failed)> SweepAsync(CancellationToken cancellationToken)
    {
        int resumed = 0, failed = 0;
        var now = jobs.Clock.GetUtcNow();
        await foreach (var job in jobs.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (now - job.LastProgressAt < options.StuckJobAfter)
            {
                continue;
            }

            using var scope = logger.JobScope(job.JobId, "sweep");
            try
            {
                switch (await SweepJobAsync(job, now, cancellationToken).ConfigureAwait(false))
                {
                    case JobStatus.Failed: failed++; break;
                    case not null: resumed++; break;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One job's trouble must not stop the sweep; it is met again at the next one.
                logger.LogWarning(ex, "Sweeping job {JobId} failed", job.JobId);
            }
        }

        if (resumed + failed > 0)
        {
            logger.LogInformation("Sweep resumed {Resumed} and failed {Failed} jobs that made no progress for {StuckAfter}", resumed, failed, options.StuckJobAfter);
        }

        return (resumed, failed);
    }

    /// <summary>Failed when the job was failed, its status when it was resumed, null when it moved on meanwhile.</summary>
    private async Task<JobStatus?> SweepJobAsync(JobRecord job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.Resumes >= options.MaxResumes)
        {
            return await FailAsync(job, $"The job made no progress for {options.StuckJobAfter} after being resumed {job.Resumes} times; submit it again.", now, cancellationToken).ConfigureAwait(false);
        }

        StageMessage? next = null;
        if (job.Status == JobStatus.Queued)
        {
            var upload = await blobs.Uploads.OpenReadAsync(job.UploadName, cancellationToken).ConfigureAwait(false);
            if (upload is null)
            {
                return await FailAsync(job, "The upload was never stored (the service stopped while accepting it); submit the image again.", now, cancellationToken).ConfigureAwait(false);
            }

            await upload.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            string manifestPath = BlobLayout.Manifest(job.JobId);
            var blob = await blobs.Work.ReadAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            if (blob is null)
            {
                return await FailAsync(job, "The job's detection results are missing; submit the image again.", now, cancellationToken).ConfigureAwait(false);
            }

            var manifest = JobManifest.Parse(blob.Content);
            next = job.Status == JobStatus.Detected && manifest.Faces.Count > 0
                ? new StageMessage(job.JobId, PipelineStage.Restore, manifestPath, manifest.Faces.Select(f => f.Crop).ToArray()) { Resume = job.Resumes + 1 }
                : new StageMessage(job.JobId, PipelineStage.Paste, manifestPath, manifest.Faces.Select(f => f.Restored).ToArray()) { Resume = job.Resumes + 1 };
        }

        // Counted before it is handed on, and only if nothing moved meanwhile: a job that progressed is left alone.
        var stored = await jobs.UpdateAsync(job.JobId, j => j.LastProgressAt == job.LastProgressAt ? j.MarkResumed(now) : null, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Resumes != job.Resumes + 1)
        {
            return null;
        }

        logger.LogWarning("Job made no progress since {LastProgress} ({Status}); resuming it (resume {Resume})", job.LastProgressAt, job.Status, stored.Resumes);
        if (next is null)
        {
            await detect.RunAsync(job.UploadName, stored.Resumes + 1, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await queue.SendAsync(next, cancellationToken).ConfigureAwait(false);
        }

        return job.Status;
    }

    private async Task<JobStatus?> FailAsync(JobRecord job, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        logger.LogWarning("Job made no progress since {LastProgress} ({Status}); failing it: {Reason}", job.LastProgressAt, job.Status, reason);
        var stored = await jobs.UpdateAsync(job.JobId, j => j.LastProgressAt == job.LastProgressAt ? j.Fail(reason, now) : null, cancellationToken).ConfigureAwait(false);
        return stored?.Status == JobStatus.Failed ? JobStatus.Failed : null;
    }
}
