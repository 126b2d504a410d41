using CodeFormer.Network.Architecture;
using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network;

/// <summary>
/// Builds Real-ESRGAN x2plus (the official pipeline's background and face upsampler) as an ONNX model (opset 17)
/// from a parameter set — a converted checkpoint or <see cref="RuleWeights"/> — with <see cref="RealEsrganSignature"/>.
/// </summary>
public static class RealEsrganOnnxBuilder
{
    /// <exception cref="ParameterMismatchException">A tensor is missing, unexpected or of the wrong shape.</exception>
    public static OnnxModel Build(ParameterSet parameters, WeightPrecision precision = WeightPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.CheckAgainst(RealEsrganParameters.Specs()).ThrowIfIncomplete();
        string doc = $"Real-ESRGAN x2plus (RRDBNet, Wang et al. 2021) built by CodeFormer.Network; {parameters.Count} parameter tensors, " +
                     $"{parameters.ElementCount} values, weights stored as {precision}.";
        return new RealEsrganGraph(parameters, precision).Build(doc);
    }

    /// <summary>Builds the model and writes it to <paramref name="path"/> (atomically); returns its size in bytes.</summary>
    public static long Write(string path, ParameterSet parameters, WeightPrecision precision = WeightPrecision.Float32)
    {
        var model = Build(parameters, precision);
        model.Save(path);
        return model.SizeBytes;
    }
}
