using CodeFormer.Network.Detection;
using CodeFormer.Network.Parameters;
using CodeFormer.Network.Parsing;

namespace CodeFormer.Core.Tests.EndToEnd;

/// <summary>RetinaFace ResNet-50 and ParseNet built by CodeFormer.Network with the manifests' rule weights, once per test run.</summary>
internal static class RuleWeightNetworks
{
    private static readonly Lazy<byte[]> s_retinaFace = new(() =>
        RetinaFaceOnnxBuilder.Build(RuleWeights.Generate(RetinaFaceParameters.Specs(RetinaFaceBackbone.ResNet50)), RetinaFaceBackbone.ResNet50).ToArray());

    private static readonly Lazy<byte[]> s_parseNet = new(() => ParseNetOnnxBuilder.Build(RuleWeights.Generate(ParseNetParameters.Specs())).ToArray());

    public static byte[] RetinaFaceResNet50 => s_retinaFace.Value;

    public static byte[] ParseNet => s_parseNet.Value;
}
