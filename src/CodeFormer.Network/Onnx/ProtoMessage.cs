using System.Text;

namespace CodeFormer.Network.Onnx;

/// <summary>
/// A protobuf message under construction, written in the wire format by hand (ONNX needs only a few field
/// kinds). Sizes are computed before writing, so a model with hundreds of megabytes of weights streams to disk
/// without a second copy in memory.
/// </summary>
internal sealed class ProtoMessage
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private readonly List<Field> _fields = [];
    private long _size = -1;

    public long Size => _size >= 0 ? _size : _size = _fields.Sum(f => f.Size);

    public ProtoMessage Varint(int number, long value)
    {
        Add(new VarintField(number, unchecked((ulong)value)));
        return this;
    }

    public ProtoMessage Fixed32(int number, float value)
    {
        Add(new Fixed32Field(number, BitConverter.SingleToUInt32Bits(value)));
        return this;
    }

    public ProtoMessage String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    public ProtoMessage Bytes(int number, byte[] value) => Payload(number, value.Length, s => s.Write(value));

    public ProtoMessage Message(int number, ProtoMessage message)
    {
        Add(new MessageField(number, message));
        return this;
    }

    /// <summary>A length-delimited field whose bytes a callback writes (tensor data straight from its array).</summary>
    public ProtoMessage Payload(int number, long length, Action<Stream> write)
    {
        Add(new PayloadField(number, length, write));
        return this;
    }

    public void WriteTo(Stream stream)
    {
        foreach (var field in _fields)
        {
            field.WriteTo(stream);
        }
    }

    internal static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    internal static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        int n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[n++] = (byte)value;
        stream.Write(buffer[..n]);
    }

    private static ulong Tag(int number, int wireType) => ((ulong)number << 3) | (uint)wireType;

    private void Add(Field field)
    {
        _fields.Add(field);
        _size = -1;
    }

    private abstract class Field(int number, int wireType)
    {
        protected ulong TagValue { get; } = Tag(number, wireType);

        public abstract long Size { get; }

        public abstract void WriteTo(Stream stream);
    }

    private sealed class VarintField(int number, ulong value) : Field(number, WireVarint)
    {
        public override long Size => VarintSize(TagValue) + VarintSize(value);

        public override void WriteTo(Stream stream)
        {
            WriteVarint(stream, TagValue);
            WriteVarint(stream, value);
        }
    }

    private sealed class Fixed32Field(int number, uint bits) : Field(number, WireFixed32)
    {
        public override long Size => VarintSize(TagValue) + 4;

        public override void WriteTo(Stream stream)
        {
            WriteVarint(stream, TagValue);
            Span<byte> buffer = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buffer, bits);
            stream.Write(buffer);
        }
    }

    private sealed class MessageField(int number, ProtoMessage message) : Field(number, WireLengthDelimited)
    {
        public override long Size => VarintSize(TagValue) + VarintSize((ulong)message.Size) + message.Size;

        public override void WriteTo(Stream stream)
        {
            WriteVarint(stream, TagValue);
            WriteVarint(stream, (ulong)message.Size);
            message.WriteTo(stream);
        }
    }

    private sealed class PayloadField(int number, long length, Action<Stream> write) : Field(number, WireLengthDelimited)
    {
        public override long Size => VarintSize(TagValue) + VarintSize((ulong)length) + length;

        public override void WriteTo(Stream stream)
        {
            WriteVarint(stream, TagValue);
            WriteVarint(stream, (ulong)length);
            long before = stream.CanSeek ? stream.Position : -1;
            write(stream);
            if (before >= 0 && stream.Position - before != length)
            {
                throw new InvalidOperationException($"A protobuf payload wrote {stream.Position - before} bytes, not the {length} it declared.");
            }
        }
    }
}
