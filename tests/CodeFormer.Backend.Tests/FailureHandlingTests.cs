using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>The failure scenarios on Azurite.</summary>
public sealed class FailureHandlingTests(ServeFixture serve) : FailureScenarios<ServeFixture>(serve), IClassFixture<ServeFixture>;

/// <summary>The same failure scenarios with all storage in a local folder.</summary>
public sealed class FolderFailureHandlingTests(FolderServeFixture serve) : FailureScenarios<FolderServeFixture>(serve), IClassFixture<FolderServeFixture>;

/// <summary>At-least-once delivery, crashes and bad input: every job still ends once, with one output or a reason.</summary>
public abstract class FailureScenarios<TServe>(TServe serve)
    where TServe : ServeFixture
{
    [Fact]
    public async Task Duplicate_deliveries_leave_one_output_and_finish_the_job_once()
    {
        var (name, jobId) = await UploadAsync("05.jpg", "dup");
        var done = await serve.WaitForJobAsync(jobId);
        Assert.Equal(JobStatus.Done, done.Status);
        string manifest = BlobLayout.Manifest(jobId);

        await serve.Queues.SendAsync(new StageMessage(jobId, PipelineStage.Restore, manifest, [BlobLayout.Crop(jobId, 0)]), CancellationToken.None);
        await serve.Queues.SendAsync(new StageMessage(jobId, PipelineStage.Paste, manifest, [BlobLayout.Restored(jobId, 0)]), CancellationToken.None);
        await serve.Queues.SendAsync(new StageMessage(jobId, PipelineStage.Paste, manifest, [BlobLayout.Restored(jobId, 0)]), CancellationToken.None);
        await serve.WaitForIdleAsync();

        var after = await serve.Jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Done, after!.Status);
        Assert.Equal(done.DoneAt, after.DoneAt);
        var results = new List<string>();
        await foreach (var blob in serve.Blobs.Results.ListAsync(jobId + "/", CancellationToken.None))
        {
            results.Add(blob.Name);
        }

        Assert.Equal(new[] { BlobLayout.Result(jobId, name, ".png"), BlobLayout.Report(jobId, name) }.Order(), results.Order());
        var report = Stages.JobReport.Parse((await serve.Blobs.Results.ReadAsync(BlobLayout.Report(jobId, name), CancellationToken.None))!.Content);
        Assert.Equal(after.DoneAt!.Value.ToUnixTimeMilliseconds(), report.Stages.Done.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_stage_that_throws_once_is_retried_and_the_job_completes()
    {
        int restoreDeliveries = 0;
        string? target = null;
        serve.BeforeDelivery = (stage, delivery, _) =>
        {
            if (stage == PipelineStage.Restore && target is not null && delivery.MessageId.StartsWith(target, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref restoreDeliveries);
                if (delivery.DeliveryCount == 1)
                {
                    throw new IOException("simulated crash of the restore worker");
                }
            }

            return Task.CompletedTask;
        };
        try
        {
            string path = SharedData.File("faces", "whole", "04.jpg");
            string name = "retry-04.jpg";
            // Work out the job id as soon as the upload lands, so the fault hook knows its messages from the first one.
            string eTag = await serve.Blobs.Uploads.WriteAsync(name, BinaryData.FromBytes(await File.ReadAllBytesAsync(path)), "image/jpeg", CancellationToken.None);
            target = JobIds.ForUpload(name, eTag);

            var job = await serve.WaitForJobAsync(target);
            Assert.True(job.Status == JobStatus.Done, $"{job.Status}: {job.Error}");
            Assert.Equal(2, restoreDeliveries);
        }
        finally
        {
            serve.BeforeDelivery = null;
        }
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(InvalidDataException))]
    public async Task A_stage_that_always_fails_transiently_is_retried_then_fails_the_job_without_its_raw_message(Type exception)
    {
        string? target = null;
        int pasteDeliveries = 0;
        serve.BeforeDelivery = (stage, delivery, _) =>
        {
            if (stage == PipelineStage.Paste && target is not null && delivery.MessageId.StartsWith(target, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref pasteDeliveries);
                // Not marked permanent, whatever its base type: a coding bug or an outage, retried and never shown.
                throw (Exception)Activator.CreateInstance(exception, "simulated internal detail /srv/secret in paste-back")!;
            }

            return Task.CompletedTask;
        };
        try
        {
            string name = $"deadletter-{exception.Name}-05.jpg";
            string eTag = await serve.Blobs.Uploads.WriteAsync(name, BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg"))), "image/jpeg", CancellationToken.None);
            target = JobIds.ForUpload(name, eTag);

            var job = await serve.WaitForJobAsync(target);
            Assert.Equal(JobStatus.Failed, job.Status);
            Assert.Contains("paste stage failed repeatedly", job.Error, StringComparison.Ordinal);
            Assert.Matches("correlation id [0-9a-f]{12}", job.Error);
            Assert.DoesNotContain("simulated", job.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", job.Error, StringComparison.Ordinal);
            Assert.NotNull(job.RestoredAt);
            // MaxDeliveryCount is 3 in the fixture: three deliveries, then the dead-letter handler.
            Assert.Equal(3, pasteDeliveries);
        }
        finally
        {
            serve.BeforeDelivery = null;
        }
    }

    [Fact]
    public async Task Corrupt_upload_fails_with_a_reason_without_retries_and_other_jobs_finish()
    {
        string corrupt = await serve.Blobs.Uploads.WriteAsync("corrupt.jpg",
            BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03]), "image/jpeg", CancellationToken.None);
        var (_, goodJob) = await UploadAsync("05.jpg", "alongside");
        string corruptJob = JobIds.ForUpload("corrupt.jpg", corrupt);

        var failed = await serve.WaitForJobAsync(corruptJob);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("not a usable image", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(failed.FailedAt);

        var good = await serve.WaitForJobAsync(goodJob);
        Assert.Equal(JobStatus.Done, good.Status);
        await serve.WaitForIdleAsync();
        Assert.Null(await serve.Blobs.Results.ReadAsync(BlobLayout.Result(corruptJob, "corrupt.jpg", ".png"), CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_over_the_byte_limit_fails_in_detection()
    {
        var big = new byte[ServeFixture.MaxUploadBytes + 1];
        new Random(7).NextBytes(big);
        string eTag = await serve.Blobs.Uploads.WriteAsync("big.jpg", BinaryData.FromBytes(big), "image/jpeg", CancellationToken.None);
        var job = await serve.WaitForJobAsync(JobIds.ForUpload("big.jpg", eTag));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("not a usable image", job.Error, StringComparison.Ordinal);
        Assert.Null(job.DetectedAt);
    }

    [Fact]
    public async Task Uploads_with_the_same_stem_dropped_together_get_their_own_results()
    {
        // coll.jpg (photo 03) and coll.png (photo 04, another size) land at once: each job's result is its own image.
        string jpg = SharedData.File("faces", "whole", "03.jpg");
        var png = ImageFiles.ReadRgb(SharedData.File("faces", "whole", "04.jpg"));
        using var temp = new TempFolder();
        ImageFiles.WritePng(png, temp.File("coll.png"));
        var writes = await Task.WhenAll(
            serve.Blobs.Uploads.WriteAsync("coll.jpg", BinaryData.FromBytes(await File.ReadAllBytesAsync(jpg)), "image/jpeg", CancellationToken.None),
            serve.Blobs.Uploads.WriteAsync("coll.png", BinaryData.FromBytes(await File.ReadAllBytesAsync(temp.File("coll.png"))), "image/png", CancellationToken.None));
        var jobs = await Task.WhenAll(
            serve.WaitForJobAsync(JobIds.ForUpload("coll.jpg", writes[0])),
            serve.WaitForJobAsync(JobIds.ForUpload("coll.png", writes[1])));

        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Done, $"{j.UploadName}: {j.Status} {j.Error}"));
        Assert.NotEqual(jobs[0].ResultName, jobs[1].ResultName);
        Assert.NotEqual(jobs[0].ReportName, jobs[1].ReportName);
        foreach (var (job, source) in jobs.Zip(new[] { ImageFiles.ReadRgb(jpg), png }))
        {
            var working = CodeFormer.Core.Pipeline.WorkingImage.From(source, null).Rgb;
            var result = EndToEndScenarios<TServe>.ImageFromBytes((await serve.Blobs.Results.ReadAsync(job.ResultName!, CancellationToken.None))!.Content);
            Assert.Equal((working.Width * 2, working.Height * 2), (result.Width, result.Height));
            var report = Stages.JobReport.Parse((await serve.Blobs.Results.ReadAsync(job.ReportName!, CancellationToken.None))!.Content);
            Assert.Equal(job.UploadName, report.Upload);
            Assert.Equal(job.ResultName, report.Result);
        }
    }

    private async Task<(string Name, string JobId)> UploadAsync(string photo, string prefix)
    {
        string name = $"{prefix}-{photo}";
        string eTag = await serve.Blobs.Uploads.WriteAsync(name, BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", photo))), "image/jpeg", CancellationToken.None);
        return (name, JobIds.ForUpload(name, eTag));
    }
}
