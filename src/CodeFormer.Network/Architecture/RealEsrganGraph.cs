using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Architecture;

/// <summary>
/// Emits RRDBNet ×2 (realesrgan_x2plus/ARCHITECTURE.md) as ONNX opset-17 nodes with dynamic N, H and W: pixel
/// unshuffle, conv_first, 23 residual-in-residual dense blocks, the long skip, two nearest ×2 upsamplings, conv_hr,
/// conv_last. No clamp: the driver clamps after removing its pads.
/// </summary>
internal sealed class RealEsrganGraph
{
    private const float LeakySlope = 0.2f;
    private const float ResidualScale = 0.2f;

    private readonly OnnxGraphBuilder _g = new("realesrgan_x2plus");
    private readonly ParameterSet _parameters;
    private readonly WeightPrecision _precision;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    public RealEsrganGraph(ParameterSet parameters, WeightPrecision precision)
    {
        _parameters = parameters;
        _precision = precision;
    }

    public OnnxModel Build(string docString)
    {
        string input = _g.AddInput(RealEsrganSignature.Input, OnnxElementType.Float, "N", 3, "H", "W");

        // Pixel unshuffle puts the colour outer (channel c·4 + dy·2 + dx); SpaceToDepth puts the block position
        // outer (channel (dy·2 + dx)·3 + c). SpaceToDepth with conv_first's input channels permuted to match is
        // the same convolution with the terms summed in another order.
        _g.Scope = "conv_first";
        string unshuffled = _g.Node("SpaceToDepth", [input], OnnxAttribute.Int("blocksize", RealEsrganSignature.Scale));
        string first = Conv(unshuffled, "conv_first", PermutedConvFirst());

        string x = first;
        for (int b = 0; b < RealEsrganParameters.Blocks; b++)
        {
            _g.Scope = $"body.{b}";
            string y = x;
            for (int k = 1; k <= 3; k++)
            {
                y = DenseBlock(y, $"body.{b}.rdb{k}");
            }

            x = ScaledResidual(y, x);
        }

        _g.Scope = "upsample";
        string trunk = _g.Node("Add", [first, Conv(x, "conv_body")]);
        string up1 = LeakyRelu(Conv(Nearest2x(trunk), "conv_up1"));
        string up2 = LeakyRelu(Conv(Nearest2x(up1), "conv_up2"));
        string output = Conv(LeakyRelu(Conv(up2, "conv_hr")), "conv_last");

        _g.Scope = string.Empty;
        _g.AddOutput(output, RealEsrganSignature.Output, OnnxElementType.Float, "N", 3, "H2", "W2");
        return _g.Build(docString: docString);
    }

    private string DenseBlock(string x, string prefix)
    {
        var features = new List<string> { x };
        for (int n = 1; n <= 4; n++)
        {
            features.Add(LeakyRelu(Conv(Concat(features), $"{prefix}.conv{n}")));
        }

        return ScaledResidual(Conv(Concat(features), prefix + ".conv5"), x);
    }

    /// <summary>y · 0.2 + x, a multiply then an add as in the reference.</summary>
    private string ScaledResidual(string y, string x) => _g.Node("Add", [_g.Node("Mul", [y, Scalar(ResidualScale)]), x]);

    private string Concat(List<string> parts) => parts.Count == 1 ? parts[0] : _g.Node("Concat", parts, OnnxAttribute.Int("axis", 1));

    private string LeakyRelu(string x) => _g.Node("LeakyRelu", [x], OnnxAttribute.Float("alpha", LeakySlope));

    private string Nearest2x(string x) =>
        _g.Node("Resize", [x, string.Empty, Constant("scale2", OnnxTensor.Float([1f, 1f, 2f, 2f], 4))],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));

    private string Conv(string x, string prefix, float[]? weight = null)
    {
        var w = _parameters[prefix + ".weight"];
        var b = _parameters[prefix + ".bias"];
        return _g.Node("Conv", [x, AddParam(prefix + ".weight", weight ?? w.Data, w.Shape), AddParam(prefix + ".bias", b.Data, b.Shape)],
            OnnxAttribute.Ints("kernel_shape", 3, 3),
            OnnxAttribute.Ints("strides", 1, 1),
            OnnxAttribute.Ints("pads", 1, 1, 1, 1));
    }

    /// <summary>conv_first's weight with input channel (dy·2 + dx)·3 + c taken from c·4 + dy·2 + dx.</summary>
    private float[] PermutedConvFirst()
    {
        var w = _parameters["conv_first.weight"];
        int outputs = w.Shape[0], inputs = w.Shape[1], taps = w.Shape[2] * w.Shape[3];
        var permuted = new float[w.Data.Length];
        for (int o = 0; o < outputs; o++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int block = 0; block < 4; block++)
                {
                    int from = (((o * inputs) + (c * 4) + block) * taps);
                    int to = (((o * inputs) + (block * 3) + c) * taps);
                    w.Data.AsSpan(from, taps).CopyTo(permuted.AsSpan(to, taps));
                }
            }
        }

        return permuted;
    }

    private string Scalar(float value) => Constant("f" + BitConverter.SingleToInt32Bits(value).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), OnnxTensor.FloatScalar(value));

    private string Constant(string key, OnnxTensor tensor)
    {
        if (!_constants.TryGetValue(key, out string? name))
        {
            string scope = _g.Scope;
            _g.Scope = string.Empty;
            name = _g.AddInitializer("const." + key, tensor);
            _g.Scope = scope;
            _constants[key] = name;
        }

        return name;
    }

    private string AddParam(string name, float[] data, IReadOnlyList<int> shape)
    {
        long[] dims = shape.Select(d => (long)d).ToArray();
        if (_precision == WeightPrecision.Float32)
        {
            return _g.AddInitializer(name, OnnxTensor.Float(data, dims));
        }

        var half = new Half[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            half[i] = (Half)data[i];
        }

        string stored = _g.AddInitializer(name + ".fp16", OnnxTensor.Half(half, dims));
        return _g.Node("Cast", [stored], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
    }
}
