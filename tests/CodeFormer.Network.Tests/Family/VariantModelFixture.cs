using System.Diagnostics;
using CodeFormer.Network.Architecture;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Family;

/// <summary>
/// A CodeFormer variant (colourisation or inpainting) at released size with rule weights, built once per test
/// class into a temporary folder and opened in one CPU session.
/// </summary>
public abstract class VariantModelFixture : IDisposable
{
    protected VariantModelFixture(CodeFormerConfig config, string folder)
    {
        Config = config;
        Reference = new FamilyReference(folder);
        Folder = Path.Combine(Path.GetTempPath(), "codeformer-variant-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        ModelPath = Path.Combine(Folder, folder + "-rule.onnx");

        var clock = Stopwatch.StartNew();
        Parameters = RuleWeights.Generate(config);
        ModelBytes = CodeFormerOnnxBuilder.Write(ModelPath, Parameters, new CodeFormerBuildOptions(config));
        BuildTime = clock.Elapsed;
        Session = OrtRun.Open(ModelPath);
    }

    public CodeFormerConfig Config { get; }

    internal FamilyReference Reference { get; }

    public string Folder { get; }

    public string ModelPath { get; }

    public ParameterSet Parameters { get; }

    public long ModelBytes { get; }

    public TimeSpan BuildTime { get; }

    public InferenceSession Session { get; }

    public void Dispose()
    {
        Session.Dispose();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ColorizationModelFixture() : VariantModelFixture(CodeFormerConfig.Colorization, "codeformer_colorization");

public sealed class InpaintingModelFixture() : VariantModelFixture(CodeFormerConfig.Inpainting, "codeformer_inpainting");
