using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Tests.Checkpoints;

/// <summary>
/// Writes checkpoints the way torch.save does (zip with archive/data.pkl in pickle protocol 2 and raw storages),
/// independently of the reader, so tests can make valid, odd and hostile files.
/// </summary>
internal sealed class TorchZipWriter
{
    private readonly MemoryStream _pickle = new();
    private readonly Dictionary<string, byte[]> _storages = new(StringComparer.Ordinal);

    public static void WriteStateDict(string path, ParameterSet parameters, string key = "params_ema")
    {
        var writer = new TorchZipWriter();
        writer.BeginStateDict(key);
        int storage = 0;
        foreach (string name in parameters.Names)
        {
            var tensor = parameters[name];
            writer.Tensor(name, (storage++).ToString(System.Globalization.CultureInfo.InvariantCulture), "FloatStorage", MemoryMarshal.AsBytes(tensor.Data.AsSpan()).ToArray(), tensor.Data.Length, 0, tensor.Shape.Select(s => (long)s).ToArray(), null);
        }

        writer.EndStateDict();
        writer.Save(path);
    }

    /// <summary>
    /// Writes a state dict the way the RetinaFace and ParseNet releases are laid out: the file is the OrderedDict
    /// itself, every key preceded by <paramref name="prefix"/>, BatchNorm's num_batches_tracked as int64 scalars.
    /// </summary>
    public static void WriteTopLevelStateDict(string path, ParameterSet parameters, string prefix = "")
    {
        var writer = new TorchZipWriter();
        writer.Op(0x80).Op(2).Global("collections", "OrderedDict").Op(')').Op('R').Op('(');
        int storage = 0;
        foreach (string name in parameters.Names)
        {
            var tensor = parameters[name];
            string key = (storage++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            long[] size = tensor.Shape.Select(s => (long)s).ToArray();
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                writer.Tensor(prefix + name, key, "LongStorage", BitConverter.GetBytes((long)tensor.Data[0]), 1, 0, size, null);
            }
            else
            {
                writer.Tensor(prefix + name, key, "FloatStorage", MemoryMarshal.AsBytes(tensor.Data.AsSpan()).ToArray(), tensor.Data.Length, 0, size, null);
            }
        }

        writer.Op('u').Op('.');
        writer.Save(path);
    }

    /// <summary>Starts {key: OrderedDict(...)}: PROTO 2, EMPTY_DICT, the key, OrderedDict(), MARK.</summary>
    public TorchZipWriter BeginStateDict(string key)
    {
        Op(0x80).Op(2).Op('}');
        Str(key);
        Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('(');
    }

    /// <summary>One entry: name → _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()).</summary>
    public TorchZipWriter Tensor(string name, string storageKey, string storageClass, byte[] storageBytes, long storageElements, long offset, long[] size, long[]? stride)
    {
        _storages[storageKey] = storageBytes;
        stride ??= ContiguousStrides(size);
        Str(name);
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        Op('(').Str("storage").Global("torch", storageClass).Str(storageKey).Str("cpu").Int(storageElements).Op('t').Op('Q');
        Int(offset);
        Op('(');
        foreach (long s in size)
        {
            Int(s);
        }

        Op('t').Op('(');
        foreach (long s in stride)
        {
            Int(s);
        }

        Op('t').Op(0x89);
        Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('t').Op('R');
    }

    /// <summary>Closes the state dict: SETITEMS into the OrderedDict, SETITEM into the top dict, STOP.</summary>
    public TorchZipWriter EndStateDict() => Op('u').Op('s').Op('.');

    /// <summary>
    /// Closes the state dict as a module's state_dict() pickles: SETITEMS, then BUILD with the
    /// {'_metadata': OrderedDict([('', {'version': 1})])} attribute, SETITEM, STOP.
    /// </summary>
    public TorchZipWriter EndStateDictWithMetadata()
    {
        Op('u').Op('}').Str("_metadata").Global("collections", "OrderedDict").Op(')').Op('R');
        Op('(').Str(string.Empty).Op('}').Str("version").Op('K').Op(1).Op('s').Op('u').Op('s');
        return Op('b').Op('s').Op('.');
    }

    public TorchZipWriter Raw(params byte[] bytes)
    {
        _pickle.Write(bytes);
        return this;
    }

    public TorchZipWriter Op(char op) => Op((byte)op);

    public TorchZipWriter Op(byte op)
    {
        _pickle.WriteByte(op);
        return this;
    }

    public TorchZipWriter Str(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        _pickle.Write(length);
        _pickle.Write(bytes);
        return this;
    }

    public TorchZipWriter Int(long value)
    {
        Op('J');
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, checked((int)value));
        _pickle.Write(bytes);
        return this;
    }

    public TorchZipWriter Global(string module, string name)
    {
        Op('c');
        _pickle.Write(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
        return this;
    }

    public byte[] PickleBytes => _pickle.ToArray();

    public void Save(string path, string archive = "archive")
    {
        using var file = new FileStream(path, FileMode.Create);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Add(zip, archive + "/data.pkl", _pickle.ToArray());
        Add(zip, archive + "/byteorder", Encoding.ASCII.GetBytes("little"));
        foreach (var (key, bytes) in _storages)
        {
            Add(zip, archive + "/data/" + key, bytes);
        }

        Add(zip, archive + "/version", Encoding.ASCII.GetBytes("3\n"));
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = entry.Open();
        s.Write(bytes);
    }

    private static long[] ContiguousStrides(long[] size)
    {
        var stride = new long[size.Length];
        long s = 1;
        for (int d = size.Length - 1; d >= 0; d--)
        {
            stride[d] = s;
            s *= size[d];
        }

        return stride;
    }
}
