using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Imaging;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Stages;

/// <summary>
/// Stage 3: recomputes the working image from the upload, pastes the restored faces back with the manifest's
/// matrices, writes the final image (same name, chosen format) and a JSON report into the results container, and
/// completes the job.
/// </summary>
public sealed class PasteStage(JobStore jobs, BlobStore blobs, FacePreparation preparation, ILogger<PasteStage> logger)
{
    public async Task HandleAsync(BinaryData body, MessageDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        StageMessage message;
        try
        {
            message = StageMessage.Parse(body);
        }
        catch (MalformedMessageException ex)
        {
            logger.LogError(ex, "Paste stage discards unreadable message {MessageId}", delivery.MessageId);
            return;
        }

        using var scope = logger.JobScope(message.JobId, "paste", delivery.DeliveryCount);
        var job = await jobs.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            logger.LogInformation("Nothing to paste: job is {Status}", job?.Status.ToString() ?? "unknown");
            return;
        }

        bool noFaces = job.Status == JobStatus.Detected && job.FacesFound == 0;
        if (job.Status != JobStatus.Restored && !noFaces)
        {
            throw new InvalidOperationException($"Job {job.JobId} is {job.Status}; the paste message arrived before restoration was recorded.");
        }

        try
        {
            var manifest = await ManifestReader.ReadAsync(blobs, message.ManifestPath, cancellationToken).ConfigureAwait(false);
            var upload = await blobs.Uploads.ReadAsync(manifest.UploadName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The upload {manifest.UploadName} was deleted before paste-back.");
            if (upload.ETag != manifest.UploadETag)
            {
                throw new InvalidDataException($"The upload {manifest.UploadName} was replaced after detection; upload it again.");
            }

            var faces = new List<(RgbImage Crop, RgbImage Restored)>(manifest.Faces.Count);
            foreach (var face in manifest.Faces)
            {
                faces.Add((await ReadWorkImageAsync(face.Crop, cancellationToken).ConfigureAwait(false),
                           await ReadWorkImageAsync(face.Restored, cancellationToken).ConfigureAwait(false)));
            }

            var pasted = preparation.Compose(upload.Content, manifest, faces);
            var (encoded, contentType) = FacePreparation.Encode(pasted, manifest.Options.OutputFormat);

            string resultName = BlobLayout.Result(manifest.UploadName, manifest.Options.FileExtension);
            string reportName = BlobLayout.Report(manifest.UploadName);
            await blobs.Results.WriteAsync(resultName, encoded, contentType, cancellationToken).ConfigureAwait(false);
            var doneAt = jobs.Clock.GetUtcNow();
            var report = JobReport.Create(job, manifest, resultName, pasted.Rgb.Width, pasted.Rgb.Height, doneAt);
            await blobs.Results.WriteAsync(reportName, report.ToBinary(), "application/json", cancellationToken).ConfigureAwait(false);

            var stored = await jobs.UpdateAsync(job.JobId, j => j.IsFinished
                ? null
                : j with { Status = JobStatus.Done, DoneAt = doneAt, ResultName = resultName, ReportName = reportName }, cancellationToken).ConfigureAwait(false);
            if (stored is { Status: JobStatus.Done } && stored.DoneAt != doneAt)
            {
                // A concurrent duplicate completed the job first: its report wins, so the report matches the job.
                var winner = JobReport.Create(stored, manifest, resultName, pasted.Rgb.Width, pasted.Rgb.Height, stored.DoneAt!.Value);
                await blobs.Results.WriteAsync(reportName, winner.ToBinary(), "application/json", cancellationToken).ConfigureAwait(false);
            }

            logger.LogInformation("Job {Outcome}: {ResultName} ({Width}x{Height}, {Faces} faces)", stored?.Status, resultName, pasted.Rgb.Width, pasted.Rgb.Height, manifest.Faces.Count);
        }
        catch (Exception ex) when (StageFailure.IsPermanent(ex))
        {
            logger.LogWarning(ex, "Job failed permanently in paste-back: {Reason}", StageFailure.Describe(ex));
            await jobs.FailAsync(job.JobId, StageFailure.Describe(ex), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RgbImage> ReadWorkImageAsync(string name, CancellationToken cancellationToken)
    {
        var blob = await blobs.Work.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Work image {name} is missing.");
        return WorkImages.FromPng(blob.Content, name);
    }
}
