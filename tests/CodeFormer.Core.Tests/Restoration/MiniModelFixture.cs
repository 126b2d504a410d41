using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Restoration;

/// <summary>One session on the shared narrow-width CodeFormer for the whole test class.</summary>
public sealed class MiniModelFixture : IDisposable
{
    public MiniModelFixture()
    {
        Restorer = new CodeFormerRestorer(ModelSource.FromFile(SharedData.File("models", "codeformer-mini.onnx")), InferenceOptions.Default);
    }

    public CodeFormerRestorer Restorer { get; }

    public void Dispose() => Restorer.Dispose();
}
