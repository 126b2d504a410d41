using CodeFormer.Core.Detection;
using CodeFormer.Core.Inference;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>One YuNet session (the shared 2023mar model) shared by a test class.</summary>
public sealed class YuNetFixture : IDisposable
{
    public static string ModelPath => SharedData.File("models", "yunet-2023mar.onnx");

    public YuNetDetector Detector { get; } = new(ModelSource.FromFile(ModelPath));

    public void Dispose() => Detector.Dispose();
}
