using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Detection;

/// <summary>Builds a RetinaFace detector as an ONNX model (opset 17, dynamic batch, height and width) with <see cref="RetinaFaceSignature"/>.</summary>
public static class RetinaFaceOnnxBuilder
{
    /// <exception cref="ParameterMismatchException">A tensor is missing, unexpected or of the wrong shape.</exception>
    public static OnnxModel Build(ParameterSet parameters, RetinaFaceBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string network = backbone == RetinaFaceBackbone.ResNet50 ? "RetinaFace ResNet-50" : "RetinaFace MobileNet-0.25";
        parameters.CheckAgainst(RetinaFaceParameters.Specs(backbone)).ThrowIfIncomplete(network);
        string doc = $"{network} (Deng et al., CVPR 2020; the official CodeFormer pipeline's face detector) built by CodeFormer.Network; " +
                     $"{parameters.Count} checkpoint tensors, {parameters.ElementCount} values.";
        return new RetinaFaceGraph(parameters, backbone).Build(doc);
    }
}
