using System.Runtime.InteropServices;

namespace CodeFormer.Network.Onnx;

/// <summary>
/// Constant tensor data for an initializer or an attribute: element type, dimensions and the values, kept in
/// the caller's array (not copied) and written little-endian as <c>raw_data</c>.
/// </summary>
public sealed class OnnxTensor
{
    private readonly Action<Stream> _write;

    private OnnxTensor(OnnxElementType type, long[] dims, long elementCount, int elementSize, Action<Stream> write)
    {
        long expected = dims.Aggregate(1L, (a, d) => d >= 0 ? checked(a * d) : throw new ArgumentException($"Negative dimension in [{string.Join(", ", dims)}]."));
        if (expected != elementCount)
        {
            throw new ArgumentException($"Tensor of shape [{string.Join(", ", dims)}] needs {expected} values, got {elementCount}.");
        }

        ElementType = type;
        Dims = dims;
        ByteLength = elementCount * elementSize;
        _write = write;
    }

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Dims { get; }

    public long ByteLength { get; }

    public static OnnxTensor Float(float[] values, params long[] dims) => Of(OnnxElementType.Float, values, dims);

    public static OnnxTensor Half(Half[] values, params long[] dims) => Of(OnnxElementType.Float16, values, dims);

    public static OnnxTensor Double(double[] values, params long[] dims) => Of(OnnxElementType.Double, values, dims);

    public static OnnxTensor Int64(long[] values, params long[] dims) => Of(OnnxElementType.Int64, values, dims);

    public static OnnxTensor Int32(int[] values, params long[] dims) => Of(OnnxElementType.Int32, values, dims);

    /// <summary>A one-dimensional int64 tensor, the form shapes, axes and pads take as operator inputs.</summary>
    public static OnnxTensor Int64Vector(params long[] values) => Int64(values, values.Length);

    /// <summary>A float scalar (rank 0).</summary>
    public static OnnxTensor FloatScalar(float value) => Float([value]);

    internal ProtoMessage ToProto(string? name)
    {
        var proto = new ProtoMessage();
        foreach (long d in Dims)
        {
            proto.Varint(1, d);
        }

        proto.Varint(2, (int)ElementType);
        if (name is not null)
        {
            proto.String(8, name);
        }

        proto.Payload(9, ByteLength, _write);
        return proto;
    }

    private static OnnxTensor Of<T>(OnnxElementType type, T[] values, long[] dims)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dims);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; writing it from a big-endian host is not supported.");
        }

        return new OnnxTensor(type, (long[])dims.Clone(), values.LongLength, Marshal.SizeOf<T>(), s => s.Write(MemoryMarshal.AsBytes(values.AsSpan())));
    }
}
