namespace CodeFormer.Network.Onnx;

/// <summary>A finished ONNX model (<c>ModelProto</c>, IR version 8) ready to be written as protobuf.</summary>
public sealed class OnnxModel
{
    public const long IrVersion = 8;

    private readonly ProtoMessage _model;

    internal OnnxModel(ProtoMessage graph, string producer, int opset, string? docString)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(opset, 1);
        Opset = opset;
        _model = new ProtoMessage()
            .Varint(1, IrVersion)
            .String(2, producer)
            .String(3, typeof(OnnxModel).Assembly.GetName().Version?.ToString() ?? "0");
        if (docString is not null)
        {
            _model.String(6, docString);
        }

        _model.Message(7, graph);
        _model.Message(8, new ProtoMessage().String(1, string.Empty).Varint(2, opset));
    }

    public int Opset { get; }

    /// <summary>The size of the serialized model in bytes.</summary>
    public long SizeBytes => _model.Size;

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _model.WriteTo(stream);
    }

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file, so a crash never leaves a half-written model under that name.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                WriteTo(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public byte[] ToArray()
    {
        if (SizeBytes > Array.MaxLength)
        {
            throw new InvalidOperationException($"The model is {SizeBytes} bytes, too large for one array; save it to a file instead.");
        }

        using var memory = new MemoryStream((int)SizeBytes);
        WriteTo(memory);
        return memory.ToArray();
    }
}
