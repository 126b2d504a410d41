using System.Diagnostics;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Reference;

/// <summary>
/// The released-size network with rule weights, built once per test run into a temporary folder (about
/// 377 MB, deleted afterwards) and opened in one shared CPU session.
/// </summary>
public sealed class FullSizeModelFixture : IDisposable
{
    private readonly string _folder;

    public FullSizeModelFixture()
    {
        _folder = Path.Combine(Path.GetTempPath(), "codeformer-network-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        ModelPath = Path.Combine(_folder, "codeformer-rule.onnx");

        var clock = Stopwatch.StartNew();
        var parameters = RuleWeights.Generate(CodeFormerConfig.Released);
        WeightsTime = clock.Elapsed;
        ModelBytes = CodeFormerOnnxBuilder.Write(ModelPath, parameters, CodeFormerBuildOptions.Released);
        BuildTime = clock.Elapsed - WeightsTime;

        clock.Restart();
        Session = OrtRun.Open(ModelPath);
        SessionTime = clock.Elapsed;
    }

    public string Folder => _folder;

    public string ModelPath { get; }

    public long ModelBytes { get; }

    public TimeSpan WeightsTime { get; }

    public TimeSpan BuildTime { get; }

    public TimeSpan SessionTime { get; }

    public InferenceSession Session { get; }

    public void Dispose()
    {
        Session.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
