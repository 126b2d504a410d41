using CodeFormer.Testing;
using CodeFormer.Network.Fetching;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Architecture;
using CodeFormer.Network.Tests.Checkpoints;
using CodeFormer.Network.Tests.Onnx;

namespace CodeFormer.Network.Tests.Fetching;

/// <summary>A narrow-config checkpoint written by the tests, served over real HTTP on 127.0.0.1.</summary>
public sealed class ModelFetcherTests : IDisposable
{
    private static readonly Lazy<byte[]> s_checkpoint = new(WriteCheckpoint);

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Fetch_downloads_records_converts_and_the_model_runs()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        var options = Options(server);
        var stages = new List<FetchStage>();

        var result = await new ModelFetcher(_http).FetchAsync(options, new SyncProgress(p => stages.Add(p.Stage)));

        Assert.True(result.Downloaded);
        Assert.Equal(s_checkpoint.Value, File.ReadAllBytes(options.CheckpointPath));
        Assert.False(File.Exists(options.PartialPath));
        var record = CheckpointRecord.TryRead(options.RecordPath)!;
        Assert.Equal(s_checkpoint.Value.LongLength, record.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s_checkpoint.Value)), record.Sha256);
        Assert.Equal([FetchStage.Downloading, FetchStage.Verifying, FetchStage.Converting], stages.Distinct());

        using var session = OrtRun.Open(File.ReadAllBytes(options.ModelPath));
        int size = NarrowConfig.Value.ImageSize;
        var outputs = OrtRun.Run(session, ("input", OrtRun.Floats(NarrowConfig.Faces(1, 4), 1, 3, size, size)), ("weight", OrtRun.Doubles([0.5], 1)));
        Assert.Equal(3 * size * size, outputs["output"].Length);
    }

    [Fact]
    public async Task A_transfer_cut_off_midway_resumes_with_a_range_request()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        long cut = s_checkpoint.Value.Length / 3;
        server.CutOff(times: 1, bytes: cut);

        var result = await new ModelFetcher(_http).FetchAsync(Options(server));

        Assert.Equal(s_checkpoint.Value, File.ReadAllBytes(result.CheckpointPath));
        Assert.Equal(["", $"bytes={cut}-"], server.Ranges.ToArray());
        Assert.Equal(s_checkpoint.Value.Length, server.BytesSent); // nothing sent twice
    }

    [Fact]
    public async Task A_partial_file_left_by_an_earlier_run_is_continued_not_restarted()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        var options = Options(server) with { MaxAttempts = 1 };
        server.CutOff(times: 1, bytes: 100_000);

        var first = await Assert.ThrowsAsync<ModelFetchException>(() => new ModelFetcher(_http).FetchAsync(options));
        Assert.Contains("100000 bytes received", first.Message, StringComparison.Ordinal);
        Assert.Contains("run the command again to resume", first.Message, StringComparison.Ordinal);
        Assert.Equal(100_000, new FileInfo(options.PartialPath).Length);

        await new ModelFetcher(_http).FetchAsync(options);

        Assert.Equal(s_checkpoint.Value, File.ReadAllBytes(options.CheckpointPath));
        Assert.Equal(["", "bytes=100000-"], server.Ranges.ToArray());
    }

    [Fact]
    public async Task A_download_with_the_wrong_checksum_is_refused_and_removed()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        var options = Options(server) with { ExpectedSha256 = new string('a', 64) };

        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ModelFetcher(_http).FetchAsync(options));

        Assert.Contains("not the expected aaaa", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.CheckpointPath));
        Assert.False(File.Exists(options.PartialPath));
        Assert.False(File.Exists(options.ModelPath));
    }

    [Fact]
    public async Task A_checkpoint_changed_after_its_first_download_is_refused_until_forced()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        var options = Options(server);
        await new ModelFetcher(_http).FetchAsync(options);
        var again = await new ModelFetcher(_http).FetchAsync(options);
        Assert.False(again.Downloaded); // verified against the record, not downloaded twice
        Assert.Single(server.Ranges);

        using (var file = new FileStream(options.CheckpointPath, FileMode.Open))
        {
            file.Position = file.Length / 2;
            file.WriteByte(0x5A);
        }

        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ModelFetcher(_http).FetchAsync(options));
        Assert.Contains("recorded after the first download", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);

        var forced = await new ModelFetcher(_http).FetchAsync(options with { Force = true });
        Assert.True(forced.Downloaded);
        Assert.Equal(s_checkpoint.Value, File.ReadAllBytes(options.CheckpointPath));
    }

    [Fact]
    public async Task An_http_error_is_reported_with_its_status()
    {
        using var server = new LocalFileServer(s_checkpoint.Value);
        var options = Options(server) with { Url = new Uri(server.Url, "/missing.pth") };

        var ex = await Assert.ThrowsAsync<ModelFetchException>(() => new ModelFetcher(_http).FetchAsync(options));
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
    }

    private ModelFetchOptions Options(LocalFileServer server) =>
        new(Path.Combine(_folder.Path, "models", "codeformer.onnx"))
        {
            Url = server.Url,
            Build = new CodeFormerBuildOptions(NarrowConfig.Value),
            RetryDelay = TimeSpan.Zero,
        };

    private static byte[] WriteCheckpoint()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "narrow.pth");
        TorchZipWriter.WriteStateDict(path, RuleWeights.Generate(NarrowConfig.Value));
        return File.ReadAllBytes(path);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<FetchProgress> report) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value) => report(value);
    }
}
