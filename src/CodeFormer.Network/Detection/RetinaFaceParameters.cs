using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Detection;

/// <summary>
/// Every state-dict entry of a RetinaFace network in the released checkpoint's order (without the <c>module.</c>
/// prefix the loader strips): backbone <c>body.*</c>, <c>fpn.*</c>, <c>ssh1..3</c>, then the class, box and landmark
/// heads. BatchNorm's <c>num_batches_tracked</c> is listed (it keeps the order) but optional.
/// </summary>
public static class RetinaFaceParameters
{
    /// <summary>Anchors per cell of every level (the head classes default to 3; the factory passes 2).</summary>
    public const int AnchorsPerCell = 2;

    public static IReadOnlyList<ParameterSpec> Specs(RetinaFaceBackbone backbone)
    {
        var specs = new List<ParameterSpec>();
        if (backbone == RetinaFaceBackbone.ResNet50)
        {
            AddResNet50(specs);
        }
        else
        {
            AddMobileNet025(specs);
        }

        int c = backbone.Width();
        int[] stages = backbone.StageChannels();
        for (int i = 0; i < 3; i++)
        {
            ConvBn(specs, $"fpn.output{i + 1}", stages[i], c, 1);
        }

        ConvBn(specs, "fpn.merge1", c, c, 3);
        ConvBn(specs, "fpn.merge2", c, c, 3);
        for (int level = 1; level <= 3; level++)
        {
            string p = $"ssh{level}.";
            ConvBn(specs, p + "conv3X3", c, c / 2, 3);
            ConvBn(specs, p + "conv5X5_1", c, c / 4, 3);
            ConvBn(specs, p + "conv5X5_2", c / 4, c / 4, 3);
            ConvBn(specs, p + "conv7X7_2", c / 4, c / 4, 3);
            ConvBn(specs, p + "conv7x7_3", c / 4, c / 4, 3); // lower-case x, as in the official module
        }

        foreach (var (head, values) in Heads)
        {
            for (int level = 0; level < 3; level++)
            {
                specs.Add(new($"{head}.{level}.conv1x1.weight", [AnchorsPerCell * values, c, 1, 1]));
                specs.Add(new($"{head}.{level}.conv1x1.bias", [AnchorsPerCell * values]));
            }
        }

        return specs;
    }

    /// <summary>The three heads in state-dict order, with the values per anchor each predicts.</summary>
    internal static IReadOnlyList<(string Head, int Values)> Heads { get; } = [("ClassHead", 2), ("BboxHead", 4), ("LandmarkHead", 10)];

    private static void AddResNet50(List<ParameterSpec> specs)
    {
        Conv(specs, "body.conv1", 3, 64, 7);
        Bn(specs, "body.bn1", 64);
        int cin = 64;
        foreach (var (layer, blocks, width, _) in ResNet50Layers)
        {
            for (int b = 0; b < blocks; b++)
            {
                string p = $"body.layer{layer}.{b}.";
                Conv(specs, p + "conv1", cin, width, 1);
                Bn(specs, p + "bn1", width);
                Conv(specs, p + "conv2", width, width, 3);
                Bn(specs, p + "bn2", width);
                Conv(specs, p + "conv3", width, 4 * width, 1);
                Bn(specs, p + "bn3", 4 * width);
                if (b == 0)
                {
                    Conv(specs, p + "downsample.0", cin, 4 * width, 1);
                    Bn(specs, p + "downsample.1", 4 * width);
                }

                cin = 4 * width;
            }
        }
    }

    /// <summary>torchvision ResNet-50's four layers: blocks, bottleneck width m (output 4m) and the stride of block 0.</summary>
    internal static IReadOnlyList<(int Layer, int Blocks, int Width, int Stride)> ResNet50Layers { get; } =
        [(1, 3, 64, 1), (2, 4, 128, 2), (3, 6, 256, 2), (4, 3, 512, 2)];

    private static void AddMobileNet025(List<ParameterSpec> specs)
    {
        foreach (var (stage, index, cin, cout, _, depthwise) in MobileNet025Blocks)
        {
            string p = $"body.stage{stage}.{index}.";
            if (!depthwise)
            {
                ConvBn(specs, p.TrimEnd('.'), cin, cout, 3);
                continue;
            }

            specs.Add(new(p + "0.weight", [cin, 1, 3, 3]));
            Bn(specs, p + "1", cin);
            Conv(specs, p + "3", cin, cout, 1);
            Bn(specs, p + "4", cout);
        }
    }

    /// <summary>MobileNetV1 ×0.25: stage, index, channels in/out, stride; the first block is a full conv_bn, the rest conv_dw.</summary>
    internal static IReadOnlyList<(int Stage, int Index, int In, int Out, int Stride, bool Depthwise)> MobileNet025Blocks { get; } =
    [
        (1, 0, 3, 8, 2, false), (1, 1, 8, 16, 1, true), (1, 2, 16, 32, 2, true), (1, 3, 32, 32, 1, true), (1, 4, 32, 64, 2, true), (1, 5, 64, 64, 1, true),
        (2, 0, 64, 128, 2, true), (2, 1, 128, 128, 1, true), (2, 2, 128, 128, 1, true), (2, 3, 128, 128, 1, true), (2, 4, 128, 128, 1, true), (2, 5, 128, 128, 1, true),
        (3, 0, 128, 256, 2, true), (3, 1, 256, 256, 1, true),
    ];

    /// <summary>A conv–BN block <c>{prefix}.0</c> (bias-free conv) and <c>{prefix}.1</c> (BN).</summary>
    private static void ConvBn(List<ParameterSpec> specs, string prefix, int cin, int cout, int kernel)
    {
        Conv(specs, prefix + ".0", cin, cout, kernel);
        Bn(specs, prefix + ".1", cout);
    }

    private static void Conv(List<ParameterSpec> specs, string prefix, int cin, int cout, int kernel) =>
        specs.Add(new(prefix + ".weight", [cout, cin, kernel, kernel]));

    internal static void Bn(List<ParameterSpec> specs, string prefix, int channels)
    {
        specs.Add(new(prefix + ".weight", [channels]));
        specs.Add(new(prefix + ".bias", [channels]));
        specs.Add(new(prefix + ".running_mean", [channels]));
        specs.Add(new(prefix + ".running_var", [channels]));
        specs.Add(new(prefix + ".num_batches_tracked", [], Optional: true));
    }
}
