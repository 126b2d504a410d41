using System.Diagnostics;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Conversion;

/// <summary>Turns the official <c>RealESRGAN_x2plus.pth</c> into the ONNX model, checking every expected tensor first.</summary>
public static class RealEsrganConverter
{
    /// <summary>
    /// The official loader takes the dictionary under <c>params_ema</c> when the file has one, else the one under
    /// <c>params</c>; <paramref name="key"/> overrides that.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The checkpoint cannot be read safely.</exception>
    /// <exception cref="ParameterMismatchException">Tensors are missing, unexpected or of the wrong shape.</exception>
    public static ConversionResult Convert(string checkpointPath, string modelPath, WeightPrecision precision = WeightPrecision.Float32, string? key = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (!File.Exists(checkpointPath))
        {
            throw new FileNotFoundException($"Checkpoint not found: {checkpointPath}", checkpointPath);
        }

        var clock = Stopwatch.StartNew();
        var parameters = key is not null ? TorchCheckpoint.ReadStateDict(checkpointPath, key) : ReadPreferringEma(checkpointPath);
        long bytes = RealEsrganOnnxBuilder.Write(modelPath, parameters, precision);
        return new ConversionResult(Path.GetFullPath(modelPath), parameters.Count, parameters.ElementCount, bytes, clock.Elapsed);
    }

    private static ParameterSet ReadPreferringEma(string path)
    {
        try
        {
            return TorchCheckpoint.ReadStateDict(path, "params_ema");
        }
        catch (CheckpointFormatException ema)
        {
            try
            {
                return TorchCheckpoint.ReadStateDict(path, "params");
            }
            catch (CheckpointFormatException)
            {
                throw ema;
            }
        }
    }
}
