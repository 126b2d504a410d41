using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Stage 1, run for each blob in the uploads container: decodes and validates the upload, detects and aligns the
/// faces, writes the crops and the job manifest under the job's work prefix, records the job as detected and
/// hands it to the restore queue (or, with no face, straight to paste-back).
/// </summary>
public sealed class DetectStage(JobStore jobs, BlobStore blobs, IStageQueue queue, FacePreparation preparation, ILogger<DetectStage> logger)
{
    /// <param name="uploadName">The blob's name in the uploads container.</param>
    /// <param name="attempt">Which try of this upload this is (1 the first time).</param>
    public async Task RunAsync(string uploadName, int attempt, CancellationToken cancellationToken)
    {
        var upload = await blobs.Uploads.ReadAsync(uploadName, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            logger.LogWarning("Upload {UploadName} is gone; nothing to detect", uploadName);
            return;
        }

        string jobId = JobIdOf(upload);
        using var scope = logger.JobScope(jobId, "detect", attempt);
        var job = await RecordJobAsync(jobId, upload, cancellationToken).ConfigureAwait(false);
        if (job.IsFinished)
        {
            logger.LogInformation("Job already {Status}; upload {UploadName} ignored", job.Status, uploadName);
            return;
        }

        if (job.Status != JobStatus.Queued)
        {
            // Detected before, then interrupted before (or while) sending: send again; duplicates are dropped downstream.
            var existing = await ReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                await SendNextAsync(existing, attempt, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await StageFailure.RunAsync(jobs, jobId, "detect", logger, async () =>
        {
            var manifest = await DetectAsync(jobId, upload, job.Options, cancellationToken).ConfigureAwait(false);
            var at = jobs.Clock.GetUtcNow();
            await jobs.UpdateAsync(jobId, j => j.MarkDetected(manifest.Faces.Count, at), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Detected {Faces} faces in {UploadName}", manifest.Faces.Count, uploadName);
            await SendNextAsync(manifest, attempt, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the upload's job failed after the host gave up retrying it. The host's reason (which may hold raw
    /// exception text) is logged under a correlation id; the job records only the id.
    /// </summary>
    public async Task GiveUpAsync(string uploadName, string reason, CancellationToken cancellationToken)
    {
        var upload = await blobs.Uploads.ReadAsync(uploadName, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return;
        }

        string jobId = JobIdOf(upload);
        using var scope = logger.JobScope(jobId, "detect");
        string correlationId = StageFailure.NewCorrelationId();
        logger.LogError("Detection gave up on {UploadName} (correlation id {CorrelationId}): {Reason}", uploadName, correlationId, reason);
        await jobs.FailAsync(jobId, StageFailure.InternalError("detect", correlationId), cancellationToken).ConfigureAwait(false);
    }

    private static string JobIdOf(StoredBlob upload) =>
        upload.Metadata.TryGetValue(UploadMetadata.JobId, out var id) && JobIds.IsValid(id) ? id : JobIds.ForUpload(upload.Name, upload.ETag);

    /// <summary>The API records its jobs before uploading; a blob dropped in directly gets its job here.</summary>
    private async Task<JobRecord> RecordJobAsync(string jobId, StoredBlob upload, CancellationToken cancellationToken)
    {
        var existing = await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var metadata = upload.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var options = JobOptions.TryParse(metadata, out var errors);
        var job = await jobs.CreateAsync(new JobRecord(jobId, upload.Name, JobStatus.Queued, options ?? JobOptions.Default, jobs.Clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (options is null)
        {
            string reason = "Invalid options in the upload's metadata: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"));
            return await jobs.FailAsync(jobId, reason, cancellationToken).ConfigureAwait(false) ?? job;
        }

        return job;
    }

    private async Task<JobManifest> DetectAsync(string jobId, StoredBlob upload, JobOptions options, CancellationToken cancellationToken)
    {
        var prepared = preparation.Prepare(upload.Content, options);
        var faces = new List<ManifestFace>(prepared.Faces.Count);
        for (int i = 0; i < prepared.Faces.Count; i++)
        {
            var face = prepared.Faces[i];
            string crop = BlobLayout.Crop(jobId, i);
            await blobs.Work.WriteAsync(crop, WorkImages.ToPng(face.Crop), "image/png", cancellationToken).ConfigureAwait(false);
            faces.Add(ManifestFace.From(i, face.Face, face.ImageToCrop, crop, BlobLayout.Restored(jobId, i)));
        }

        var manifest = new JobManifest(jobId, upload.Name, upload.ETag, prepared.InputWidth, prepared.InputHeight, prepared.Working.Scale, prepared.IsGray, options, faces);
        await blobs.Work.WriteAsync(BlobLayout.Manifest(jobId), manifest.ToBinary(), "application/json", cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    private async Task<JobManifest?> ReadManifestAsync(string jobId, CancellationToken cancellationToken)
    {
        var blob = await blobs.Work.ReadAsync(BlobLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false);
        return blob is null ? null : JobManifest.Parse(blob.Content);
    }

    private Task SendNextAsync(JobManifest manifest, int attempt, CancellationToken cancellationToken)
    {
        string path = BlobLayout.Manifest(manifest.JobId);
        var message = manifest.Faces.Count > 0
            ? new StageMessage(manifest.JobId, PipelineStage.Restore, path, manifest.Faces.Select(f => f.Crop).ToArray(), attempt)
            : new StageMessage(manifest.JobId, PipelineStage.Paste, path, [], attempt);
        return queue.SendAsync(message, cancellationToken);
    }
}
