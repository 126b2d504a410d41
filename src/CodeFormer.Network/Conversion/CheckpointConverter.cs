using System.Diagnostics;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Conversion;

/// <summary>What a conversion produced.</summary>
public sealed record ConversionResult(string ModelPath, int TensorCount, long ValueCount, long ModelBytes, TimeSpan Elapsed);

/// <summary>Turns a PyTorch CodeFormer checkpoint into the ONNX model, checking every expected tensor first.</summary>
public static class CheckpointConverter
{
    /// <exception cref="CheckpointFormatException">The checkpoint cannot be read safely.</exception>
    /// <exception cref="ParameterMismatchException">Tensors are missing, unexpected or of the wrong shape for <paramref name="options"/>' architecture.</exception>
    public static ConversionResult Convert(string checkpointPath, string modelPath, CodeFormerBuildOptions options, string? key = TorchCheckpoint.CodeFormerKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(checkpointPath))
        {
            throw new FileNotFoundException($"Checkpoint not found: {checkpointPath}", checkpointPath);
        }

        var clock = Stopwatch.StartNew();
        var parameters = TorchCheckpoint.ReadStateDict(checkpointPath, key);
        long bytes = CodeFormerOnnxBuilder.Write(modelPath, parameters, options);
        return new ConversionResult(Path.GetFullPath(modelPath), parameters.Count, parameters.ElementCount, bytes, clock.Elapsed);
    }
}
