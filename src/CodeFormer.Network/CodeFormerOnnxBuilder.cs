using CodeFormer.Network.Architecture;
using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network;

/// <summary>
/// Builds the CodeFormer network as an ONNX model (opset 17) from a parameter set — a converted checkpoint or
/// <see cref="RuleWeights"/> — with the community export signature (<see cref="CodeFormerSignature"/>) and a
/// dynamic batch dimension.
/// </summary>
public static class CodeFormerOnnxBuilder
{
    /// <summary>Builds the model in memory (the weights are referenced, not copied, until it is written).</summary>
    /// <exception cref="ParameterMismatchException">A tensor is missing, unexpected or of the wrong shape.</exception>
    public static OnnxModel Build(ParameterSet parameters, CodeFormerBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        parameters.CheckAgainst(CodeFormerParameters.Specs(options.Config)).ThrowIfIncomplete();
        string doc = $"CodeFormer (Zhou et al., NeurIPS 2022) built by CodeFormer.Network; {parameters.Count} parameter tensors, " +
                     $"{parameters.ElementCount} values, weights stored as {options.Precision}.";
        return new CodeFormerGraph(parameters, options).Build(doc);
    }

    /// <summary>Builds the model and writes it to <paramref name="path"/> (atomically); returns its size in bytes.</summary>
    public static long Write(string path, ParameterSet parameters, CodeFormerBuildOptions options)
    {
        var model = Build(parameters, options);
        model.Save(path);
        return model.SizeBytes;
    }
}
