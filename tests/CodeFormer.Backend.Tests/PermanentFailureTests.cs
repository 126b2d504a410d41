using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>A backend whose model is not a CodeFormer export: jobs fail at once with the reason, nothing is retried.</summary>
public sealed class MismatchedModelServeFixture : ServeFixture
{
    protected override string ModelPath(string folder) => SharedData.File("models", "yunet-2023mar.onnx");
}

public sealed class PermanentFailureTests(MismatchedModelServeFixture serve) : IClassFixture<MismatchedModelServeFixture>
{
    [Fact]
    public async Task A_model_that_does_not_fit_fails_the_job_without_retrying()
    {
        int restoreDeliveries = 0;
        serve.BeforeDelivery = (stage, _, _) =>
        {
            if (stage == PipelineStage.Restore)
            {
                Interlocked.Increment(ref restoreDeliveries);
            }

            return Task.CompletedTask;
        };
        string eTag = await serve.Blobs.Uploads.WriteAsync("model-04.jpg",
            BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "04.jpg"))), "image/jpeg", CancellationToken.None);
        var job = await serve.WaitForJobAsync(JobIds.ForUpload("model-04.jpg", eTag));
        await serve.WaitForIdleAsync();

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("model does not fit", job.Error, StringComparison.Ordinal);
        Assert.Equal(1, restoreDeliveries);
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
}
