using System.Globalization;

namespace CodeFormer.Network.Onnx;

/// <summary>
/// Builds an ONNX graph node by node: declared inputs, named initializers, operator nodes whose outputs get
/// unique generated names, and declared outputs. <see cref="Build"/> turns it into a model (default opset 17).
/// </summary>
public sealed class OnnxGraphBuilder
{
    public const int DefaultOpset = 17;

    private readonly string _graphName;
    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private long _initializerBytes;

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graphName = graphName;
    }

    /// <summary>Prefix for generated value and node names (e.g. the module path), so a graph viewer reads like the network.</summary>
    public string Scope { get; set; } = string.Empty;

    public int NodeCount => _nodes.Count;

    public long InitializerBytes => _initializerBytes;

    public string AddInput(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, type, shape));
        return name;
    }

    public string AddInitializer(string name, OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Claim(name);
        _initializers.Add(tensor.ToProto(name));
        _initializerBytes += tensor.ByteLength;
        return name;
    }

    /// <summary>An initializer with a generated name, for small constants such as shapes and axes.</summary>
    public string Constant(OnnxTensor tensor, string hint = "const") => AddInitializer(NextName(hint), tensor);

    /// <summary>Adds a node with one output and returns the output's name. An empty input name marks an omitted optional input.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Node(opType, inputs, 1, attributes)[0];

    public IReadOnlyList<string> Node(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        string nodeName = NextName(opType);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            outputs[i] = outputCount == 1 ? nodeName : nodeName + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        AddNode(opType, nodeName, inputs, outputs, attributes);
        return outputs;
    }

    /// <summary>Declares a graph output named <paramref name="name"/> carrying <paramref name="value"/> (through an Identity node when the names differ).</summary>
    public void AddOutput(string value, string name, OnnxElementType type, params OnnxDim[] shape)
    {
        RequireKnown(value);
        if (value != name)
        {
            AddNode("Identity", NextName("Identity"), [value], [name], []);
        }

        _outputs.Add(ValueInfo(name, type, shape));
    }

    public OnnxModel Build(string producer = "CodeFormer.Network", int opset = DefaultOpset, string? docString = null)
    {
        if (_outputs.Count == 0)
        {
            throw new InvalidOperationException("A graph needs at least one output.");
        }

        var graph = new ProtoMessage();
        foreach (var node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, _graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.Message(12, output);
        }

        return new OnnxModel(graph, producer, opset, docString);
    }

    private static ProtoMessage ValueInfo(string name, OnnxElementType type, OnnxDim[] shape)
    {
        var shapeProto = new ProtoMessage();
        foreach (var dim in shape)
        {
            var dimProto = new ProtoMessage();
            if (dim.Symbol is not null)
            {
                dimProto.String(2, dim.Symbol);
            }
            else
            {
                dimProto.Varint(1, dim.Value!.Value);
            }

            shapeProto.Message(1, dimProto);
        }

        var tensorType = new ProtoMessage().Varint(1, (int)type).Message(2, shapeProto);
        var typeProto = new ProtoMessage().Message(1, tensorType);
        return new ProtoMessage().String(1, name).Message(2, typeProto);
    }

    private void AddNode(string opType, string nodeName, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute> attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        var node = new ProtoMessage();
        foreach (string input in inputs)
        {
            if (input.Length > 0)
            {
                RequireKnown(input);
            }

            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            Claim(output);
            node.String(2, output);
        }

        node.String(3, nodeName).String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute.ToProto());
        }

        _nodes.Add(node);
    }

    private string NextName(string hint)
    {
        string stem = Scope.Length > 0 ? Scope + "/" + hint : hint;
        _counters.TryGetValue(stem, out int n);
        string name;
        do
        {
            name = stem + "_" + n.ToString(CultureInfo.InvariantCulture);
            n++;
        }
        while (_values.Contains(name));

        _counters[stem] = n;
        return name;
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.Add(name))
        {
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
        }
    }

    private void RequireKnown(string name)
    {
        if (!_values.Contains(name))
        {
            throw new ArgumentException($"No value named '{name}' has been defined in the graph yet.", nameof(name));
        }
    }
}
