using CodeFormer.Core.Restoration;
using CodeFormer.Network.Catalog;
using CodeFormer.Network.Detection;
using CodeFormer.Network.Fetching;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Checkpoints;
using CodeFormer.Network.Tests.Fetching;
using CodeFormer.Network.Tests.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Families;

/// <summary>
/// <c>models fetch retinaface-mobilenet0.25</c> end to end over real HTTP on 127.0.0.1: a rule-weight checkpoint
/// in the released layout, cut off midway and resumed, recorded, verified on the next run and converted on
/// arrival into the models folder, where <see cref="ModelPaths"/> finds it.
/// </summary>
public sealed class FamilyFetchTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_detector_is_fetched_resumed_recorded_converted_and_found_in_the_models_folder()
    {
        byte[] checkpoint = MobileNetCheckpoint();
        using var server = new LocalFileServer(checkpoint);
        long cut = checkpoint.Length / 3;
        server.CutOff(times: 1, bytes: cut);
        string models = Path.Combine(_folder.Path, "models");
        var network = NetworkCatalog.RetinaFaceMobileNet025;
        var options = new ModelFetchOptions(ModelPaths.For(network.Name, models)) { Network = network, Url = server.Url, RetryDelay = TimeSpan.Zero };

        var result = await new ModelFetcher(_http).FetchAsync(options);

        Assert.True(result.Downloaded);
        Assert.Equal(["", $"bytes={cut}-"], server.Ranges.ToArray());
        Assert.Equal(Path.Combine(models, "detection_mobilenet0.25_Final.pth"), result.CheckpointPath);
        var record = CheckpointRecord.TryRead(options.RecordPath)!;
        Assert.Equal(checkpoint.LongLength, record.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(checkpoint)), record.Sha256);
        Assert.Equal(Path.Combine(models, "retinaface-mobilenet0.25.onnx"), ModelPaths.Find(ModelPaths.RetinaFaceMobileNet025, models));

        var reference = FamilyReference.MobileNet025;
        using (var session = OrtRun.Open(options.ModelPath))
        {
            var outputs = OrtRun.Run(session, (RetinaFaceSignature.Input, OrtRun.Floats(reference.Floats("input.bin"), 1, 3, 640, 1013)));
            Assert.True(FloatArrays.MaxAbsDifference(reference.Floats("loc.bin"), outputs[RetinaFaceSignature.Loc]) < 1e-4f);
        }

        var again = await new ModelFetcher(_http).FetchAsync(options);
        Assert.False(again.Downloaded); // verified against its record, not downloaded again
        Assert.Equal(2, server.Ranges.Count);

        byte[] tampered = File.ReadAllBytes(result.CheckpointPath);
        tampered[^1] ^= 0xff;
        File.WriteAllBytes(result.CheckpointPath, tampered);
        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ModelFetcher(_http).FetchAsync(options));
        Assert.Contains("recorded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_that_is_not_the_network_is_refused_after_verification_and_no_model_is_written()
    {
        using var server = new LocalFileServer(File.ReadAllBytes(FamilyReference.ParseNet.File("tiny_checkpoint.pth")));
        string models = Path.Combine(_folder.Path, "models");
        var options = new ModelFetchOptions(ModelPaths.For(ModelPaths.ParseNet, models)) { Network = NetworkCatalog.ParseNet, Url = server.Url, RetryDelay = TimeSpan.Zero };

        var ex = await Assert.ThrowsAsync<ParameterMismatchException>(() => new ModelFetcher(_http).FetchAsync(options));

        Assert.Contains("ParseNet", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.Null(ModelPaths.Find(ModelPaths.ParseNet, models));
    }

    private byte[] MobileNetCheckpoint()
    {
        string path = _folder.File("served.pth");
        TorchZipWriter.WriteTopLevelStateDict(path, RuleWeights.Generate(RetinaFaceParameters.Specs(RetinaFaceBackbone.MobileNet025)));
        return File.ReadAllBytes(path);
    }
}
