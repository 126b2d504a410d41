using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Imaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Stage 2 (the GPU app): reads a job's aligned crops, runs CodeFormer over them in batches, writes the restored
/// faces, records the job as restored and hands it to the paste queue.
/// </summary>
public sealed class RestoreStage(JobStore jobs, BlobStore blobs, IStageQueue queue, RestorerProvider restorers, ILogger<RestoreStage> logger)
{
    public Task HandleAsync(BinaryData body, MessageDelivery delivery, CancellationToken cancellationToken) =>
        JobMessageStage.HandleAsync(jobs, logger, PipelineStage.Restore, body, delivery, (message, job) => RestoreAsync(message, job, delivery, cancellationToken), cancellationToken);

    private async Task RestoreAsync(StageMessage message, JobRecord job, MessageDelivery delivery, CancellationToken cancellationToken)
    {
        if (job.Status == JobStatus.Restored)
        {
            // Restored before, then interrupted before (or while) sending: send again.
            await SendPasteAsync(message, delivery, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (job.Status != JobStatus.Detected)
        {
            throw new InvalidOperationException($"Job {job.JobId} is {job.Status}; the restore message arrived before detection was recorded.");
        }

        var manifest = await ManifestReader.ReadAsync(blobs, message.ManifestPath, cancellationToken).ConfigureAwait(false);
        var crops = new RgbImage[manifest.Faces.Count];
        for (int i = 0; i < crops.Length; i++)
        {
            crops[i] = await WorkImages.ReadAsync(blobs, manifest.Faces[i].Crop, cancellationToken).ConfigureAwait(false);
        }

        var restorer = await restorers.GetAsync(cancellationToken).ConfigureAwait(false);
        var started = TimeProvider.System.GetTimestamp();
        var restored = restorer.Restore(crops, manifest.Options.Fidelity, cancellationToken);
        logger.LogInformation("Restored {Faces} faces in {Milliseconds} ms", restored.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        for (int i = 0; i < restored.Count; i++)
        {
            await blobs.Work.WriteAsync(manifest.Faces[i].Restored, WorkImages.ToPng(restored[i]), "image/png", cancellationToken).ConfigureAwait(false);
        }

        var at = jobs.Clock.GetUtcNow();
        await jobs.UpdateAsync(job.JobId, j => j.MarkRestored(at), cancellationToken).ConfigureAwait(false);
        await SendPasteAsync(message, delivery, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendPasteAsync(StageMessage message, MessageDelivery delivery, CancellationToken cancellationToken)
    {
        var manifest = await ManifestReader.ReadAsync(blobs, message.ManifestPath, cancellationToken).ConfigureAwait(false);
        var paste = new StageMessage(message.JobId, PipelineStage.Paste, message.ManifestPath, manifest.Faces.Select(f => f.Restored).ToArray(), delivery.DeliveryCount);
        await queue.SendAsync(paste, cancellationToken).ConfigureAwait(false);
    }
}
