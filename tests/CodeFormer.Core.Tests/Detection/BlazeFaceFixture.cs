using CodeFormer.Core.Detection;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>One BlazeFace session (the embedded back-256 model) shared by a test class.</summary>
public sealed class BlazeFaceFixture : IDisposable
{
    public BlazeFaceDetector Detector { get; } = BlazeFaceDetector.CreateEmbedded();

    public void Dispose() => Detector.Dispose();
}
