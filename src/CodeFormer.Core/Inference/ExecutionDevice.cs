namespace CodeFormer.Core.Inference;

/// <summary>Where ONNX Runtime runs a model.</summary>
public enum ExecutionDevice
{
    Cpu,

    /// <summary>The CUDA execution provider; needs the GPU native runtime package and a CUDA-capable host.</summary>
    Cuda,
}
