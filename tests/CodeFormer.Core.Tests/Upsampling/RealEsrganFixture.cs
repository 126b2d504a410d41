using CodeFormer.Core.Inference;
using CodeFormer.Core.Upsampling;
using CodeFormer.Network;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Core.Tests.Upsampling;

/// <summary>Real-ESRGAN x2plus with rule weights (the weights of the shared cases), built once into a temporary folder.</summary>
public sealed class RealEsrganFixture : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "realesrgan-core-tests-" + Guid.NewGuid().ToString("N"));

    public RealEsrganFixture()
    {
        Directory.CreateDirectory(_folder);
        string model = Path.Combine(_folder, "realesrgan-x2plus-rule.onnx");
        RealEsrganOnnxBuilder.Write(model, RuleWeights.Generate(RealEsrganParameters.Specs()));
        Upsampler = new RealEsrganUpsampler(ModelSource.FromFile(model), new InferenceOptions());
    }

    public RealEsrganUpsampler Upsampler { get; }

    public void Dispose()
    {
        Upsampler.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
