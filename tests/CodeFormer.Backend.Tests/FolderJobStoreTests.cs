using System.Text.Json;
using CodeFormer.Backend.Jobs;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Job state as one JSON file per job: the job store's promises (the scenarios), and under real parallelism exactly
/// one of N racing writes of one version lands, no update is lost, files are always whole and ids cannot name paths.
/// </summary>
public sealed class FolderJobStoreTests : JobStoreScenarios
{
    private readonly TempFolder _folder = new();
    private FolderJobTable _table = null!;

    private string JobsFolder => Path.Combine(_folder.Path, "jobs");

    protected override Task<IJobTable> OpenTableAsync()
    {
        _table = new FolderJobTable(JobsFolder, Path.Combine(_folder.Path, ".tmp"));
        return Task.FromResult<IJobTable>(_table);
    }

    protected override Task CloseTableAsync()
    {
        _table.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Of_64_parallel_writes_against_one_version_exactly_one_lands()
    {
        var job = NewJob(JobStatus.Detected);
        Assert.True(await _table.TryAddAsync(job, CancellationToken.None));
        var read = (await _table.ReadAsync(job.JobId, CancellationToken.None))!;

        bool[] landed = Race(64, i => _table.TryReplaceAsync(job with { Status = JobStatus.Restored, FacesFound = i }, read.Version, CancellationToken.None));

        int winner = Assert.Single(Enumerable.Range(0, 64), i => landed[i]);
        var stored = (await _table.ReadAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(winner, stored.Job.FacesFound);
        Assert.NotEqual(read.Version, stored.Version);
    }

    [Fact]
    public async Task Of_16_parallel_creations_of_one_id_exactly_one_lands()
    {
        string id = JobIds.New();
        bool[] landed = Race(16, i => _table.TryAddAsync(new JobRecord(id, $"{i}.png", JobStatus.Queued, JobOptions.Default, DateTimeOffset.UtcNow), CancellationToken.None));

        int winner = Assert.Single(Enumerable.Range(0, 16), i => landed[i]);
        Assert.Equal($"{winner}.png", (await _table.ReadAsync(id, CancellationToken.None))!.Job.UploadName);
    }

    [Fact]
    public async Task Parallel_read_modify_writes_lose_no_update()
    {
        // Each racer adds one face; a lost update would leave fewer. Eight racers stay within the store's ten retries.
        var job = NewJob(JobStatus.Detected) with { FacesFound = 0 };
        var jobs = new JobStore(_table, TimeProvider.System);
        await jobs.CreateAsync(job, CancellationToken.None);
        Race(8, _ => jobs.UpdateAsync(job.JobId, j => j with { FacesFound = j.FacesFound + 1 }, CancellationToken.None));
        Assert.Equal(8, (await jobs.GetAsync(job.JobId, CancellationToken.None))!.FacesFound);
    }

    [Fact]
    public async Task Readers_racing_a_writer_always_read_a_whole_job_file()
    {
        var job = NewJob(JobStatus.Queued) with { Error = new string('x', 64 * 1024) };
        await _table.TryAddAsync(job, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        int reads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            long last = 0;
            while (!stop.IsCancellationRequested)
            {
                var read = await _table.ReadAsync(job.JobId, CancellationToken.None); // throws InvalidDataException on a torn file
                long version = long.Parse(read!.Version, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(version >= last, "versions never go back");
                Assert.Equal(64 * 1024, read.Job.Error!.Length);
                last = version;
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        for (int i = 0; i < 100; i++)
        {
            var current = (await _table.ReadAsync(job.JobId, CancellationToken.None))!;
            Assert.True(await _table.TryReplaceAsync(current.Job with { FacesFound = i }, current.Version, CancellationToken.None));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(reads > 0);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, ".tmp")));
    }

    [Fact]
    public async Task A_job_is_one_readable_json_file_named_by_its_id()
    {
        var job = NewJob(JobStatus.Queued);
        await _table.TryAddAsync(job, CancellationToken.None);
        string file = Assert.Single(Directory.EnumerateFiles(JobsFolder));
        Assert.Equal(job.JobId + ".json", Path.GetFileName(file));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("queued", json.RootElement.GetProperty("job").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp/escaped")]
    [InlineData("0123456789abcdef0123456789abcde/")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("..\\..\\0123456789abcdef0123456789")]
    public async Task Ids_that_are_not_job_ids_are_refused_and_touch_no_file(string id)
    {
        var job = new JobRecord(id, "x.png", JobStatus.Queued, JobOptions.Default, DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<ArgumentException>(() => _table.TryAddAsync(job, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.TryReplaceAsync(job, "1", CancellationToken.None));
        Assert.Null(await _table.ReadAsync(id, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(JobsFolder));
        Assert.False(File.Exists("/tmp/escaped.json"));
    }

    /// <summary>
    /// Runs <paramref name="count"/> racers on their own threads, released together by a barrier, so they overlap as
    /// much as the machine allows (tasks on a small thread pool would mostly take turns).
    /// </summary>
    private static T[] Race<T>(int count, Func<int, Task<T>> racer)
    {
        var results = new T[count];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                results[i] = racer(i).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return errors.IsEmpty ? results : throw new AggregateException(errors);
    }

    private static JobRecord NewJob(JobStatus status) => new(JobIds.New(), "x.png", status, JobOptions.Default, DateTimeOffset.UtcNow);
}
