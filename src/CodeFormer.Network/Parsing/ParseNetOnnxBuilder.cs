using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Parsing;

/// <summary>Builds ParseNet, the face parser of the official paste-back, as an ONNX model (opset 17, dynamic batch) with <see cref="ParseNetSignature"/>.</summary>
public static class ParseNetOnnxBuilder
{
    /// <exception cref="ParameterMismatchException">A tensor is missing, unexpected or of the wrong shape.</exception>
    public static OnnxModel Build(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.CheckAgainst(ParseNetParameters.Specs()).ThrowIfIncomplete("ParseNet");
        string doc = $"ParseNet (PSFRGAN, Chen et al., CVPR 2021; the official CodeFormer paste-back's face parser) built by CodeFormer.Network; " +
                     $"{parameters.Count} checkpoint tensors, {parameters.ElementCount} values.";
        return new ParseNetGraph(parameters).Build(doc);
    }
}
