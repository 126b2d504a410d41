using System.Diagnostics;
using CodeFormer.Network.Catalog;
using CodeFormer.Network.Checkpoints;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Conversion;

/// <summary>Turns the official checkpoint of any catalogued network into its ONNX model, checking every expected tensor first.</summary>
public static class NetworkConverter
{
    /// <exception cref="CheckpointFormatException">The checkpoint cannot be read safely, or lacks the entry the network's file has.</exception>
    /// <exception cref="ParameterMismatchException">Tensors are missing, unexpected or of the wrong shape (named in the message).</exception>
    /// <exception cref="NotSupportedException">Float16 weights were asked for a network built in float32 only.</exception>
    public static ConversionResult Convert(NetworkInfo network, string checkpointPath, string modelPath, WeightPrecision precision = WeightPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (precision == WeightPrecision.Float16 && !network.SupportsFloat16)
        {
            throw new NotSupportedException($"{network.Title} is built with float32 weights only; convert it without --fp16.");
        }

        if (!File.Exists(checkpointPath))
        {
            throw new FileNotFoundException($"Checkpoint not found: {checkpointPath}", checkpointPath);
        }

        var clock = Stopwatch.StartNew();
        ParameterSet parameters;
        try
        {
            parameters = network.Normalise(TorchCheckpoint.ReadStateDict(checkpointPath, network.CheckpointKey));
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointFormatException($"{Path.GetFileName(checkpointPath)}: {ex.Message}", ex);
        }

        var model = network.Build(parameters, precision);
        model.Save(modelPath);
        return new ConversionResult(Path.GetFullPath(modelPath), parameters.Count, parameters.ElementCount, model.SizeBytes, clock.Elapsed);
    }

    /// <summary>Converts after recognising the network from the checkpoint's tensor names.</summary>
    public static (NetworkInfo Network, ConversionResult Result) ConvertRecognised(string checkpointPath, string modelPath, WeightPrecision precision = WeightPrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        if (!File.Exists(checkpointPath))
        {
            throw new FileNotFoundException($"Checkpoint not found: {checkpointPath}", checkpointPath);
        }

        var network = NetworkCatalog.Recognise(TorchCheckpoint.ReadLayout(checkpointPath), Path.GetFileName(checkpointPath));
        return (network, Convert(network, checkpointPath, modelPath, precision));
    }
}
