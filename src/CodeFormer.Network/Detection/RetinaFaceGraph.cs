using CodeFormer.Network.Architecture;
using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Detection;

/// <summary>
/// Emits RetinaFace's test-phase forward pass (family/retinaface_*/ARCHITECTURE.md) as ONNX opset-17 nodes:
/// backbone, FPN with nearest up-sampling to the lateral size, three SSH context modules, and the heads
/// flattened to rows of (level, row, column, anchor). Batch, height and width are dynamic.
/// </summary>
internal sealed class RetinaFaceGraph
{
    private readonly ConvNetGraph _n;
    private readonly RetinaFaceBackbone _backbone;
    private readonly float _slope;

    public RetinaFaceGraph(ParameterSet parameters, RetinaFaceBackbone backbone)
    {
        _backbone = backbone;
        _slope = backbone.LeakySlope();
        _n = new ConvNetGraph(backbone == RetinaFaceBackbone.ResNet50 ? "retinaface_resnet50" : "retinaface_mobile0.25", parameters);
    }

    private OnnxGraphBuilder G => _n.G;

    public OnnxModel Build(string docString)
    {
        string n = RetinaFaceSignature.BatchDimension;
        string input = G.AddInput(RetinaFaceSignature.Input, OnnxElementType.Float, n, 3, RetinaFaceSignature.HeightDimension, RetinaFaceSignature.WidthDimension);
        var (c1, c2, c3) = _backbone == RetinaFaceBackbone.ResNet50 ? ResNet50(input) : MobileNet025(input);

        G.Scope = "fpn";
        string lateral1 = ConvBnAct(c1, "fpn.output1", 1);
        string lateral2 = ConvBnAct(c2, "fpn.output2", 1);
        string o3 = ConvBnAct(c3, "fpn.output3", 1);
        string o2 = ConvBnAct(_n.Add(lateral2, UpsampleTo(o3, lateral2)), "fpn.merge2", 3);
        string o1 = ConvBnAct(_n.Add(lateral1, UpsampleTo(o2, lateral1)), "fpn.merge1", 3);

        string[] features = [Ssh(o1, "ssh1"), Ssh(o2, "ssh2"), Ssh(o3, "ssh3")];
        G.Scope = "heads";
        string classLogits = Head("ClassHead", 2, features);
        string loc = Head("BboxHead", 4, features);
        string landmarks = Head("LandmarkHead", 10, features);
        string conf = G.Node("Softmax", [classLogits], OnnxAttribute.Int("axis", -1));

        G.Scope = string.Empty;
        string p = RetinaFaceSignature.PriorDimension;
        G.AddOutput(loc, RetinaFaceSignature.Loc, OnnxElementType.Float, n, p, 4);
        G.AddOutput(conf, RetinaFaceSignature.Conf, OnnxElementType.Float, n, p, 2);
        G.AddOutput(landmarks, RetinaFaceSignature.Landmarks, OnnxElementType.Float, n, p, 10);
        return G.Build(docString: docString);
    }

    // ---- backbones ----

    private (string C1, string C2, string C3) ResNet50(string x)
    {
        G.Scope = "body";
        x = _n.Relu(_n.BatchNorm(_n.Conv(x, "body.conv1", 7, stride: 2), "body.bn1"));
        // Padded cells never win a max-pool (ONNX pads with −inf, like PyTorch).
        x = G.Node("MaxPool", [x], OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        var outputs = new List<string>();
        foreach (var (layer, blocks, _, stride) in RetinaFaceParameters.ResNet50Layers)
        {
            for (int b = 0; b < blocks; b++)
            {
                string p = $"body.layer{layer}.{b}";
                G.Scope = p;
                x = Bottleneck(x, p, b == 0 ? stride : 1, downsample: b == 0);
            }

            outputs.Add(x);
        }

        return (outputs[1], outputs[2], outputs[3]); // layer2, layer3, layer4
    }

    /// <summary>torchvision's v1.5 bottleneck: the stride sits on the 3×3 conv (and on the 1×1 downsample).</summary>
    private string Bottleneck(string x, string p, int stride, bool downsample)
    {
        string h = _n.Relu(_n.BatchNorm(_n.Conv(x, p + ".conv1", 1), p + ".bn1"));
        h = _n.Relu(_n.BatchNorm(_n.Conv(h, p + ".conv2", 3, stride: stride), p + ".bn2"));
        h = _n.BatchNorm(_n.Conv(h, p + ".conv3", 1), p + ".bn3");
        string shortcut = downsample ? _n.BatchNorm(_n.Conv(x, p + ".downsample.0", 1, stride: stride), p + ".downsample.1") : x;
        return _n.Relu(_n.Add(h, shortcut));
    }

    private (string C1, string C2, string C3) MobileNet025(string x)
    {
        var stageOutputs = new Dictionary<int, string>();
        foreach (var (stage, index, cin, _, stride, depthwise) in RetinaFaceParameters.MobileNet025Blocks)
        {
            string p = $"body.stage{stage}.{index}";
            G.Scope = p;
            if (depthwise)
            {
                x = Act(_n.BatchNorm(_n.Conv(x, p + ".0", 3, stride: stride, groups: cin), p + ".1"));
                x = Act(_n.BatchNorm(_n.Conv(x, p + ".3", 1), p + ".4"));
            }
            else
            {
                x = Act(_n.BatchNorm(_n.Conv(x, p + ".0", 3, stride: stride), p + ".1"));
            }

            stageOutputs[stage] = x;
        }

        return (stageOutputs[1], stageOutputs[2], stageOutputs[3]);
    }

    // ---- FPN, SSH, heads ----

    private string ConvBnAct(string x, string prefix, int kernel) => Act(ConvBn(x, prefix, kernel));

    private string ConvBn(string x, string prefix, int kernel) => _n.BatchNorm(_n.Conv(x, prefix + ".0", kernel), prefix + ".1");

    /// <summary>LeakyReLU with the variant's slope; slope 0 is emitted as the plain ReLU it equals.</summary>
    private string Act(string x) => _slope == 0f ? _n.Relu(x) : _n.LeakyRelu(x, _slope);

    /// <summary>
    /// F.interpolate(size=lateral's H×W, mode="nearest"): target t reads source ⌊t·in/out⌋, which with the
    /// ceil-halving sizes is t // 2 and drops the last row/column when the lateral side is odd.
    /// </summary>
    private string UpsampleTo(string x, string lateral) =>
        G.Node("Resize", [x, string.Empty, string.Empty, G.Node("Shape", [lateral])],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));

    private string Ssh(string x, string p)
    {
        G.Scope = p;
        string conv3 = ConvBn(x, p + ".conv3X3", 3);
        string conv5First = ConvBnAct(x, p + ".conv5X5_1", 3);
        string conv5 = ConvBn(conv5First, p + ".conv5X5_2", 3);
        string conv7Second = ConvBnAct(conv5First, p + ".conv7X7_2", 3);
        string conv7 = ConvBn(conv7Second, p + ".conv7x7_3", 3);
        string joined = G.Node("Concat", [conv3, conv5, conv7], OnnxAttribute.Int("axis", 1));
        return _n.Relu(joined); // a plain ReLU in both variants
    }

    /// <summary>Each level's 1×1 conv output (N, 2m, h, w) → (N, h·w·2, m), levels concatenated along the rows.</summary>
    private string Head(string head, int values, string[] features)
    {
        var levels = new string[features.Length];
        for (int level = 0; level < features.Length; level++)
        {
            string y = _n.Conv(features[level], $"{head}.{level}.conv1x1", 1, bias: true);
            string cellsLast = G.Node("Transpose", [y], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
            levels[level] = G.Node("Reshape", [cellsLast, _n.Int64s(0, -1, values)]);
        }

        return G.Node("Concat", levels, OnnxAttribute.Int("axis", 1));
    }
}
