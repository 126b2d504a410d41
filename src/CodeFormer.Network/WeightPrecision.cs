namespace CodeFormer.Network;

/// <summary>How the weights are stored in the ONNX model.</summary>
public enum WeightPrecision
{
    Float32,

    /// <summary>
    /// Weights stored as float16 (half the file) and cast to float32 inside the graph; inputs, outputs and
    /// arithmetic stay float32, so callers and every execution provider work unchanged.
    /// </summary>
    Float16,
}
