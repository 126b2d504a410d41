namespace CodeFormer.Network.Onnx;

/// <summary>A node attribute (<c>AttributeProto</c>) of one of the kinds the project's graphs use.</summary>
public sealed class OnnxAttribute
{
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeTensor = 4;
    private const int TypeFloats = 6;
    private const int TypeInts = 7;

    private readonly Action<ProtoMessage> _writeValue;

    private OnnxAttribute(string name, Action<ProtoMessage> writeValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _writeValue = writeValue;
    }

    public string Name { get; }

    public static OnnxAttribute Int(string name, long value) => new(name, p => p.Varint(3, value).Varint(20, TypeInt));

    public static OnnxAttribute Ints(string name, params long[] values)
    {
        long[] copy = (long[])values.Clone();
        return new(name, p =>
        {
            foreach (long v in copy)
            {
                p.Varint(8, v);
            }

            p.Varint(20, TypeInts);
        });
    }

    public static OnnxAttribute Float(string name, float value) => new(name, p => p.Fixed32(2, value).Varint(20, TypeFloat));

    public static OnnxAttribute Floats(string name, params float[] values)
    {
        float[] copy = (float[])values.Clone();
        return new(name, p =>
        {
            foreach (float v in copy)
            {
                p.Fixed32(7, v);
            }

            p.Varint(20, TypeFloats);
        });
    }

    public static OnnxAttribute String(string name, string value) => new(name, p => p.String(4, value).Varint(20, TypeString));

    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, p => p.Message(5, value.ToProto(null)).Varint(20, TypeTensor));

    internal ProtoMessage ToProto()
    {
        var proto = new ProtoMessage().String(1, Name);
        _writeValue(proto);
        return proto;
    }
}
