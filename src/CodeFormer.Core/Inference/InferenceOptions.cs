namespace CodeFormer.Core.Inference;

/// <summary>How ONNX Runtime sessions are created.</summary>
/// <param name="Device">Requested device; CUDA falls back to CPU with a logged reason when unavailable.</param>
/// <param name="CudaDeviceId">The GPU ordinal for CUDA.</param>
/// <param name="IntraOpThreads">Threads per operator on CPU; 0 lets ONNX Runtime choose (one per core).</param>
public sealed record InferenceOptions(ExecutionDevice Device = ExecutionDevice.Cpu, int CudaDeviceId = 0, int IntraOpThreads = 0)
{
    public static InferenceOptions Default { get; } = new();
}
