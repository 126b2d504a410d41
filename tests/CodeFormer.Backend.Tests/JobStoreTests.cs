using Azure.Data.Tables;
using CodeFormer.Backend.Jobs;

namespace CodeFormer.Backend.Tests;

/// <summary>Job state in Azurite's Table service: ETag-guarded transitions, first outcome wins.</summary>
public sealed class JobStoreTests : JobStoreScenarios
{
    private TableClient _table = null!;

    protected override async Task<IJobTable> OpenTableAsync()
    {
        await Azurite.EnsureRunningAsync();
        _table = new TableServiceClient(Azurite.ConnectionString).GetTableClient("jobstore" + Guid.NewGuid().ToString("N")[..8]);
        return new TableJobTable(_table);
    }

    protected override Task CloseTableAsync() => _table.DeleteAsync();
}

/// <summary>What the job store promises over any <see cref="IJobTable"/>: round trips, create-or-get, one winner per race, first outcome stands.</summary>
public abstract class JobStoreScenarios : IAsyncLifetime
{
    private JobStore _jobs = null!;

    public async Task InitializeAsync()
    {
        _jobs = new JobStore(await OpenTableAsync(), TimeProvider.System);
        await _jobs.EnsureCreatedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => CloseTableAsync();

    protected abstract Task<IJobTable> OpenTableAsync();

    protected abstract Task CloseTableAsync();

    [Fact]
    public async Task Job_round_trips_with_its_options_and_timestamps()
    {
        var options = new JobOptions(0.25, 3, onlyCenterFace: true, hasAligned: false, ResultFormat.Webp);
        var created = new JobRecord(JobIds.New(), "a/b.jpg", JobStatus.Queued, options, DateTimeOffset.UtcNow);
        await _jobs.CreateAsync(created, CancellationToken.None);
        var detectedAt = DateTimeOffset.UtcNow;
        await _jobs.UpdateAsync(created.JobId, j => j with { Status = JobStatus.Detected, DetectedAt = detectedAt, FacesFound = 4 }, CancellationToken.None);

        var stored = await _jobs.GetAsync(created.JobId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(JobStatus.Detected, stored.Status);
        Assert.Equal(options, stored.Options);
        Assert.Equal(4, stored.FacesFound);
        Assert.Equal(detectedAt.ToUnixTimeMilliseconds(), stored.DetectedAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Creating_an_existing_job_returns_the_stored_one()
    {
        var job = new JobRecord(JobIds.New(), "x.png", JobStatus.Queued, JobOptions.Default, DateTimeOffset.UtcNow);
        await _jobs.CreateAsync(job, CancellationToken.None);
        await _jobs.UpdateAsync(job.JobId, j => j with { Status = JobStatus.Detected }, CancellationToken.None);
        var again = await _jobs.CreateAsync(job, CancellationToken.None);
        Assert.Equal(JobStatus.Detected, again.Status);
    }

    [Fact]
    public async Task Concurrent_transitions_from_the_same_state_succeed_once()
    {
        var job = new JobRecord(JobIds.New(), "x.png", JobStatus.Restored, JobOptions.Default, DateTimeOffset.UtcNow);
        await _jobs.CreateAsync(job, CancellationToken.None);
        var origin = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Eight racers each try Restored → Done with their own DoneAt stamp. The version lets one write land; the
        // others are refused, read Done, and leave it. Each call returns the job as stored after it.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _jobs.UpdateAsync(job.JobId,
            j => j.Status == JobStatus.Restored ? j with { Status = JobStatus.Done, DoneAt = origin.AddSeconds(i) } : null,
            CancellationToken.None)));

        var stored = await _jobs.GetAsync(job.JobId, CancellationToken.None);
        Assert.Equal(JobStatus.Done, stored!.Status);
        Assert.All(outcomes, o => Assert.Equal(stored.DoneAt, o!.DoneAt));
        Assert.Single(Enumerable.Range(0, 8), i => origin.AddSeconds(i) == stored.DoneAt);
    }

    [Fact]
    public async Task Failing_a_finished_job_keeps_its_first_outcome()
    {
        var job = new JobRecord(JobIds.New(), "x.png", JobStatus.Done, JobOptions.Default, DateTimeOffset.UtcNow);
        await _jobs.CreateAsync(job, CancellationToken.None);
        await _jobs.FailAsync(job.JobId, "late dead-letter", CancellationToken.None);
        var stored = await _jobs.GetAsync(job.JobId, CancellationToken.None);
        Assert.Equal(JobStatus.Done, stored!.Status);
        Assert.Null(stored.Error);
    }
}
