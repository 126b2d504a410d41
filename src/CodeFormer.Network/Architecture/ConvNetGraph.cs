using CodeFormer.Network.Onnx;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Architecture;

/// <summary>
/// The convolution, BatchNorm and activation nodes the CNN families (RetinaFace, ParseNet) are made of, over an
/// <see cref="OnnxGraphBuilder"/>. Checkpoint tensors become initializers under their state-dict names, so a graph
/// viewer reads like the PyTorch module; BatchNorm stays a BatchNormalization node (ONNX Runtime folds it into
/// the convolution before it).
/// </summary>
internal sealed class ConvNetGraph(string graphName, ParameterSet parameters)
{
    public const float BatchNormEpsilon = 1e-5f;

    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);

    public OnnxGraphBuilder G { get; } = new(graphName);

    /// <summary>A k×k convolution with weight <c>{prefix}.weight</c> (and <c>{prefix}.bias</c> when <paramref name="bias"/>), zero padding <paramref name="pad"/> on every side.</summary>
    public string Conv(string x, string prefix, int kernel, int stride = 1, int pad = -1, int groups = 1, bool bias = false)
    {
        long p = pad >= 0 ? pad : (kernel - 1) / 2;
        var inputs = new List<string> { x, Param(prefix + ".weight") };
        if (bias)
        {
            inputs.Add(Param(prefix + ".bias"));
        }

        return G.Node("Conv", inputs,
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", p, p, p, p),
            OnnxAttribute.Int("group", groups));
    }

    /// <summary>Inference BatchNorm with the running statistics of <c>{prefix}.*</c> (eps 1e-5).</summary>
    public string BatchNorm(string x, string prefix) =>
        G.Node("BatchNormalization",
            [x, Param(prefix + ".weight"), Param(prefix + ".bias"), Param(prefix + ".running_mean"), Param(prefix + ".running_var")],
            OnnxAttribute.Float("epsilon", BatchNormEpsilon));

    public string Relu(string x) => G.Node("Relu", [x]);

    public string LeakyRelu(string x, float slope) => G.Node("LeakyRelu", [x], OnnxAttribute.Float("alpha", slope));

    public string Add(string a, string b) => G.Node("Add", [a, b]);

    /// <summary>Nearest-neighbour ×2: output pixel i reads input pixel ⌊i/2⌋.</summary>
    public string UpsampleTwice(string x) =>
        G.Node("Resize", [x, string.Empty, Constant("scale2", OnnxTensor.Float([1f, 1f, 2f, 2f], 4))],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));

    public string Int64s(params long[] values) => Constant("i" + string.Join("_", values), OnnxTensor.Int64Vector(values));

    public string Constant(string key, OnnxTensor tensor)
    {
        if (!_constants.TryGetValue(key, out string? name))
        {
            name = G.AddInitializer("const." + key, tensor);
            _constants[key] = name;
        }

        return name;
    }

    /// <summary>A checkpoint tensor as an initializer named like the state-dict entry.</summary>
    public string Param(string name)
    {
        if (!_params.TryGetValue(name, out string? value))
        {
            var tensor = parameters[name];
            value = G.AddInitializer(name, OnnxTensor.Float(tensor.Data, tensor.Shape.Select(d => (long)d).ToArray()));
            _params[name] = value;
        }

        return value;
    }
}
