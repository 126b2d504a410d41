using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Imaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Stage 3 (the CPU app): recomputes the working image from the upload, pastes the restored faces back with the
/// manifest's matrices, writes the final image and a JSON report under the job's own prefix in the results
/// container (<see cref="BlobLayout.Result"/>), and completes the job.
/// </summary>
public sealed class PasteStage(JobStore jobs, BlobStore blobs, FacePreparation preparation, ILogger<PasteStage> logger)
{
    public Task HandleAsync(BinaryData body, MessageDelivery delivery, CancellationToken cancellationToken) =>
        JobMessageStage.HandleAsync(jobs, logger, PipelineStage.Paste, body, delivery, (message, job) => PasteAsync(message, job, cancellationToken), cancellationToken);

    private async Task PasteAsync(StageMessage message, JobRecord job, CancellationToken cancellationToken)
    {
        if (!job.IsReadyToPaste)
        {
            throw new InvalidOperationException($"Job {job.JobId} is {job.Status}; the paste message arrived before restoration was recorded.");
        }

        var manifest = await ManifestReader.ReadAsync(blobs, message.ManifestPath, cancellationToken).ConfigureAwait(false);
        var upload = await blobs.Uploads.ReadAsync(manifest.UploadName, cancellationToken).ConfigureAwait(false)
            ?? throw new UploadWithdrawnException($"The upload {manifest.UploadName} was deleted before paste-back.");
        if (upload.ETag != manifest.UploadETag)
        {
            throw new UploadWithdrawnException($"The upload {manifest.UploadName} was replaced after detection; upload it again.");
        }

        var faces = new List<(RgbImage Crop, RgbImage Restored)>(manifest.Faces.Count);
        foreach (var face in manifest.Faces)
        {
            faces.Add((await WorkImages.ReadAsync(blobs, face.Crop, cancellationToken).ConfigureAwait(false),
                       await WorkImages.ReadAsync(blobs, face.Restored, cancellationToken).ConfigureAwait(false)));
        }

        var pasted = preparation.Compose(upload.Content, manifest, faces);
        var (encoded, contentType) = FacePreparation.Encode(pasted, manifest.Options.OutputFormat);

        string resultName = BlobLayout.Result(job.JobId, manifest.UploadName, manifest.Options.FileExtension);
        string reportName = BlobLayout.Report(job.JobId, manifest.UploadName);
        await blobs.Results.WriteAsync(resultName, encoded, contentType, cancellationToken).ConfigureAwait(false);
        var doneAt = jobs.Clock.GetUtcNow();
        var report = JobReport.Create(job, manifest, resultName, pasted.Rgb.Width, pasted.Rgb.Height, doneAt);
        await blobs.Results.WriteAsync(reportName, report.ToBinary(), "application/json", cancellationToken).ConfigureAwait(false);

        var stored = await jobs.UpdateAsync(job.JobId, j => j.MarkDone(resultName, reportName, doneAt), cancellationToken).ConfigureAwait(false);
        if (stored is { Status: JobStatus.Done } && stored.DoneAt != doneAt)
        {
            // A concurrent duplicate completed the job first: its report wins, so the report matches the job.
            var winner = JobReport.Create(stored, manifest, resultName, pasted.Rgb.Width, pasted.Rgb.Height, stored.DoneAt!.Value);
            await blobs.Results.WriteAsync(reportName, winner.ToBinary(), "application/json", cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Job {Outcome}: {ResultName} ({Width}x{Height}, {Faces} faces)", stored?.Status, resultName, pasted.Rgb.Width, pasted.Rgb.Height, manifest.Faces.Count);
    }
}
