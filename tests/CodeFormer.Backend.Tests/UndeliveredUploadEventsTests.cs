using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Event Grid's dead letters for upload events (the blobs it writes when it gives up delivering BlobCreated to
/// Detect) fail their uploads' jobs, over the folder store.
/// </summary>
public sealed class UndeliveredUploadEventsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services;

    public UndeliveredUploadEventsTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CodeFormerStorage:folder"] = _folder.Path })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddCodeFormerBackend(configuration);
        // Failing a job sends nothing; a queue that refuses proves it.
        services.AddSingleton<IStageQueue, RefusingQueue>();
        _services = services.BuildServiceProvider();
    }

    private JobStore Jobs => _services.GetRequiredService<JobStore>();

    private BlobStore Blobs => _services.GetRequiredService<BlobStore>();

    [Fact]
    public async Task A_dead_lettered_upload_event_fails_its_queued_job_with_the_reason()
    {
        string jobId = await SubmitAsync("holiday/photo 1.jpg");
        string other = await SubmitAsync("other.png");

        bool handled = await Handler().HandleAsync(DeadLetter("holiday/photo 1.jpg"), CancellationToken.None);

        Assert.True(handled);
        var failed = await Jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, failed!.Status);
        Assert.Contains("never delivered to detection", failed.Error, StringComparison.Ordinal);
        Assert.Contains("MaxDeliveryAttemptsExceeded, 30 attempts, last outcome Probation", failed.Error, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Queued, (await Jobs.GetAsync(other, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_job_that_finished_meanwhile_keeps_its_outcome()
    {
        string jobId = await SubmitAsync("late.jpg");
        await Jobs.UpdateAsync(jobId, j => j with { Status = JobStatus.Done, DoneAt = DateTimeOffset.UtcNow }, CancellationToken.None);

        Assert.True(await Handler().HandleAsync(DeadLetter("late.jpg"), CancellationToken.None));

        Assert.Equal(JobStatus.Done, (await Jobs.GetAsync(jobId, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("42")]
    [InlineData("""[{"eventType":"Microsoft.Storage.BlobCreated"}]""")]
    public async Task Anything_else_is_left_in_place_and_changes_no_job(string content)
    {
        string jobId = await SubmitAsync("kept.jpg");

        Assert.False(await Handler().HandleAsync(BinaryData.FromString(content), CancellationToken.None));

        Assert.Equal(JobStatus.Queued, (await Jobs.GetAsync(jobId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Events_about_other_containers_are_skipped()
    {
        string jobId = await SubmitAsync("elsewhere.jpg");
        string content = DeadLetter("elsewhere.jpg").ToString().Replace("/containers/uploads/", "/containers/results/", StringComparison.Ordinal);

        Assert.True(await Handler().HandleAsync(BinaryData.FromString(content), CancellationToken.None));

        Assert.Equal(JobStatus.Queued, (await Jobs.GetAsync(jobId, CancellationToken.None))!.Status);
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    private UndeliveredUploadEvents Handler() => _services.GetRequiredService<UndeliveredUploadEvents>();

    /// <summary>As the API does: the job first, then the upload carrying its id.</summary>
    private async Task<string> SubmitAsync(string uploadName)
    {
        string jobId = JobIds.New();
        await Blobs.EnsureCreatedAsync(CancellationToken.None);
        await Jobs.EnsureCreatedAsync(CancellationToken.None);
        await Jobs.CreateAsync(new JobRecord(jobId, uploadName, JobStatus.Queued, JobOptions.Default, DateTimeOffset.UtcNow), CancellationToken.None);
        byte[] photo = await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg"));
        await Blobs.Uploads.WriteAsync(uploadName, BinaryData.FromBytes(photo), "image/jpeg", CancellationToken.None,
            new Dictionary<string, string> { [UploadMetadata.JobId] = jobId });
        return jobId;
    }

    // The shape Event Grid writes (Event Grid schema plus its dead-letter fields), one event per blob here.
    private static BinaryData DeadLetter(string uploadName) => BinaryData.FromString($$"""
        [{
          "id": "5c1e8b41-0a2e-4a5e-9b8f-2f1f7e6c1a00",
          "eventTime": "2026-12-03T08:00:00Z",
          "eventType": "Microsoft.Storage.BlobCreated",
          "dataVersion": "",
          "metadataVersion": "1",
          "topic": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
          "subject": "/blobServices/default/containers/uploads/blobs/{{uploadName}}",
          "data": { "api": "PutBlob", "url": "https://stdata.blob.core.windows.net/uploads/{{uploadName}}" },
          "deadLetterReason": "MaxDeliveryAttemptsExceeded",
          "deliveryAttempts": 30,
          "lastDeliveryOutcome": "Probation",
          "publishTime": "2026-12-03T08:00:01Z",
          "lastDeliveryAttemptTime": "2026-12-04T08:00:00Z"
        }]
        """);

    private sealed class RefusingQueue : IStageQueue
    {
        public Task SendAsync(StageMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("failing a job must not send a stage message");
    }
}
