using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using CodeFormer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// The sweeper over real folder storage and the real detect stage, on a clock the test moves: a job that made no
/// progress within <see cref="BackendOptions.StuckJobAfter"/> is resumed where it stands or failed, a young one is
/// left alone, and resuming is bounded.
/// </summary>
public sealed class JobSweeperTests : IDisposable
{
    private static readonly TimeSpan s_stuckAfter = TimeSpan.FromMinutes(10);

    private readonly TempFolder _temp = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FolderStorage _storage;
    private readonly FacePreparation _preparation;
    private readonly RecordingQueue _queue = new();
    private readonly JobStore _jobs;
    private readonly JobSweeper _sweeper;

    public JobSweeperTests()
    {
        var options = new BackendOptions { StuckJobAfter = s_stuckAfter, MaxResumes = 2 };
        _storage = new FolderStorage(_temp.File("data"), options, _clock);
        _jobs = new JobStore(_storage.Jobs, _clock);
        _preparation = new FacePreparation(options, NullLoggerFactory.Instance);
        var detect = new DetectStage(_jobs, _storage.Blobs, _queue, _preparation, NullLogger<DetectStage>.Instance);
        _sweeper = new JobSweeper(_jobs, _storage.Blobs, _queue, detect, options, NullLogger<JobSweeper>.Instance);
    }

    [Fact]
    public async Task A_job_whose_upload_was_never_stored_fails_once_stuck_and_not_before()
    {
        string jobId = JobIds.New();
        await _jobs.CreateAsync(new JobRecord(jobId, jobId + ".jpg", JobStatus.Queued, JobOptions.Default, _clock.GetUtcNow()), CancellationToken.None);

        _clock.Advance(s_stuckAfter - TimeSpan.FromSeconds(1));
        Assert.Equal((0, 0), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(JobStatus.Queued, (await _jobs.GetAsync(jobId, CancellationToken.None))!.Status);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal((0, 1), await _sweeper.SweepAsync(CancellationToken.None));
        var job = await _jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.Contains("upload was never stored", job.Error, StringComparison.Ordinal);
        Assert.Empty(_queue.Sent);
    }

    [Fact]
    public async Task A_stuck_job_is_resumed_where_it_stands_then_failed_after_the_last_resume()
    {
        // Recorded and uploaded, then the process died before detection: the sweep runs detection on it.
        string jobId = JobIds.New();
        await _jobs.CreateAsync(new JobRecord(jobId, jobId + ".jpg", JobStatus.Queued, JobOptions.Default, _clock.GetUtcNow()), CancellationToken.None);
        await _storage.Blobs.Uploads.WriteAsync(jobId + ".jpg", BinaryData.FromBytes(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg"))), "image/jpeg", CancellationToken.None,
            new Dictionary<string, string> { [UploadMetadata.JobId] = jobId });
        _clock.Advance(s_stuckAfter + TimeSpan.FromSeconds(1));

        Assert.Equal((1, 0), await _sweeper.SweepAsync(CancellationToken.None));
        var job = await _jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal((JobStatus.Detected, 1), (job!.Status, job.Resumes));
        Assert.Equal(PipelineStage.Restore, Assert.Single(_queue.Sent).Stage);

        // Detected, and then its restore message was lost: the sweep sends it again, under an id duplicate detection keeps.
        _clock.Advance(s_stuckAfter + TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), await _sweeper.SweepAsync(CancellationToken.None));
        var resent = _queue.Sent[^1];
        Assert.Equal((PipelineStage.Restore, BlobLayout.Manifest(jobId), $"{jobId}-restore-resume2"), (resent.Stage, resent.ManifestPath, resent.MessageId));
        Assert.Equal(_queue.Sent[0].Inputs, resent.Inputs);
        Assert.Equal(2, (await _jobs.GetAsync(jobId, CancellationToken.None))!.Resumes);

        // Still no progress after the last allowed resume: failed, with nothing more sent.
        _clock.Advance(s_stuckAfter + TimeSpan.FromSeconds(1));
        Assert.Equal((0, 1), await _sweeper.SweepAsync(CancellationToken.None));
        job = await _jobs.GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.Contains("after being resumed 2 times", job.Error, StringComparison.Ordinal);
        Assert.Equal(2, _queue.Sent.Count);
    }

    [Fact]
    public async Task A_restored_job_gets_its_paste_message_again_and_one_without_its_manifest_fails()
    {
        string restored = JobIds.New();
        string orphan = JobIds.New();
        await _jobs.CreateAsync(new JobRecord(restored, "r.jpg", JobStatus.Restored, JobOptions.Default, _clock.GetUtcNow()) { FacesFound = 1 }, CancellationToken.None);
        var manifest = new JobManifest(restored, "r.jpg", "etag", 10, 10, 1, false, JobOptions.Default, []);
        await _storage.Blobs.Work.WriteAsync(BlobLayout.Manifest(restored), manifest.ToBinary(), "application/json", CancellationToken.None);
        await _jobs.CreateAsync(new JobRecord(orphan, "o.jpg", JobStatus.Detected, JobOptions.Default, _clock.GetUtcNow()) { FacesFound = 1 }, CancellationToken.None);
        _clock.Advance(s_stuckAfter + TimeSpan.FromSeconds(1));

        Assert.Equal((1, 1), await _sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal((restored, PipelineStage.Paste), (Assert.Single(_queue.Sent).JobId, _queue.Sent[0].Stage));
        var failed = await _jobs.GetAsync(orphan, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, failed!.Status);
        Assert.Contains("detection results are missing", failed.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _preparation.Dispose();
        _storage.Dispose();
        _temp.Dispose();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class RecordingQueue : IStageQueue
    {
        public List<StageMessage> Sent { get; } = [];

        public Task SendAsync(StageMessage message, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
