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

        serve.Backend.Redeliver(new StageMessage(jobId, PipelineStage.Restore, manifest, [BlobLayout.Crop(jobId, 0)]));
        serve.Backend.Redeliver(new StageMessage(jobId, PipelineStage.Paste, manifest, [BlobLayout.Restored(jobId, 0)]));
        serve.Backend.Redeliver(new StageMessage(jobId, PipelineStage.Paste, manifest, [BlobLayout.Restored(jobId, 0)]));
        await serve.WaitForIdleAsync();

        var after = await serve.Jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Done, after!.Status);
        Assert.Equal(done.DoneAt, after.DoneAt);
        var results = new List<string>();
        await foreach (var blob in serve.Blobs.Results.ListAsync(Path.GetFileNameWithoutExtension(name), CancellationToken.None))
        {
            results.Add(blob.Name);
        }

        Assert.Equal(new[] { BlobLayout.Result(name, ".png"), BlobLayout.Report(name) }.Order(), results.Order());
        var report = Stages.JobReport.Parse((await serve.Blobs.Results.ReadAsync(BlobLayout.Report(name), CancellationToken.None))!.Content);
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

    [Fact]
    public async Task A_stage_that_always_fails_dead_letters_and_the_job_fails_with_the_reason()
    {
        string? target = null;
        int pasteDeliveries = 0;
        serve.BeforeDelivery = (stage, delivery, _) =>
        {
            if (stage == PipelineStage.Paste && target is not null && delivery.MessageId.StartsWith(target, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref pasteDeliveries);
                throw new IOException("simulated storage outage in paste-back");
            }

            return Task.CompletedTask;
        };
        try
        {
            string name = "deadletter-05.jpg";
            string eTag = await serve.Blobs.Uploads.WriteAsync(name, BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg"))), "image/jpeg", CancellationToken.None);
            target = JobIds.ForUpload(name, eTag);

            var job = await serve.WaitForJobAsync(target);
            Assert.Equal(JobStatus.Failed, job.Status);
            Assert.Contains("paste stage gave up", job.Error, StringComparison.Ordinal);
            Assert.Contains("simulated storage outage", job.Error, StringComparison.Ordinal);
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
        Assert.Null(await serve.Blobs.Results.ReadAsync("corrupt.png", CancellationToken.None));
    }

    private async Task<(string Name, string JobId)> UploadAsync(string photo, string prefix)
    {
        string name = $"{prefix}-{photo}";
        string eTag = await serve.Blobs.Uploads.WriteAsync(name, BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", photo))), "image/jpeg", CancellationToken.None);
        return (name, JobIds.ForUpload(name, eTag));
    }
}
