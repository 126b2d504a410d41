using CodeFormer.Network.Parameters;
using CodeFormer.Network.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Network.Tests.Family;

/// <summary>Real-ESRGAN x2plus with rule weights, built once per test class into a temporary folder.</summary>
public sealed class RealEsrganModelFixture : IDisposable
{
    public RealEsrganModelFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "realesrgan-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        ModelPath = Path.Combine(Folder, "realesrgan-x2plus-rule.onnx");
        Parameters = RuleWeights.Generate(RealEsrganParameters.Specs());
        RealEsrganOnnxBuilder.Write(ModelPath, Parameters);
        Session = OrtRun.Open(ModelPath);
    }

    internal FamilyReference Reference { get; } = new("realesrgan_x2plus");

    public string Folder { get; }

    public string ModelPath { get; }

    public ParameterSet Parameters { get; }

    public InferenceSession Session { get; }

    public void Dispose()
    {
        Session.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
