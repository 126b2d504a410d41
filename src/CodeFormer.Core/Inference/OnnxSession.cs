using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Inference;

/// <summary>An open ONNX Runtime session and the device it actually runs on. Safe for concurrent <c>Run</c> calls.</summary>
public sealed class OnnxSession : IDisposable
{
    private readonly SessionOptions _options;

    internal OnnxSession(InferenceSession session, ExecutionDevice device, SessionOptions options)
    {
        Session = session;
        Device = device;
        _options = options;
    }

    public InferenceSession Session { get; }

    public ExecutionDevice Device { get; }

    public void Dispose()
    {
        Session.Dispose();
        _options.Dispose();
    }
}
