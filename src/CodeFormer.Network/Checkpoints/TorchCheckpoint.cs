using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using CodeFormer.Network.Parameters;

namespace CodeFormer.Network.Checkpoints;

/// <summary>
/// Reads a state dictionary from a PyTorch <c>.pth</c> checkpoint (the zip format of <c>torch.save</c> since
/// PyTorch 1.6: <c>{archive}/data.pkl</c> plus one raw little-endian file per storage under <c>{archive}/data/</c>;
/// or the legacy stream of older versions, see <see cref="LegacyCheckpoint"/>) into float32 tensors, without
/// Python and without executing anything from the file.
/// </summary>
public static class TorchCheckpoint
{
    /// <summary>The key under which CodeFormer's release stores its (EMA) weights.</summary>
    public const string CodeFormerKey = "params_ema";

    private const long MaxPickleBytes = 64L << 20;

    /// <summary>Reads the state dictionary stored under <paramref name="key"/>, or the top-level dictionary itself when <paramref name="key"/> is null.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a readable checkpoint, lacks the key, or holds something a state dictionary cannot.</exception>
    public static ParameterSet ReadStateDict(string path, string? key = CodeFormerKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadStateDict(stream, key, Path.GetFileName(path));
    }

    public static ParameterSet ReadStateDict(Stream stream, string? key = CodeFormerKey, string name = "checkpoint")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (LegacyCheckpoint.IsLegacy(stream))
        {
            var legacy = LegacyCheckpoint.Read(stream, name);
            return ToParameterSet(SelectStateDict(legacy.Root, key, name), legacy.ReadStorage, name);
        }

        using var archive = OpenArchive(stream, name);
        string prefix = FindRecordPrefix(archive, name);
        CheckByteOrder(archive, prefix, name);

        object? root = RestrictedUnpickler.Load(ReadEntry(archive, prefix + "data.pkl", MaxPickleBytes, name));
        return ToParameterSet(SelectStateDict(root, key, name), (storage, bytes, firstTensor) => ReadZipStorage(archive, prefix, storage, bytes, firstTensor, name), name);
    }

    /// <summary>The checkpoint's key names, without reading a tensor (to recognise which network it holds).</summary>
    /// <exception cref="CheckpointFormatException">The file is not a readable checkpoint or has no dictionary at its top level.</exception>
    public static CheckpointLayout ReadLayout(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string name = Path.GetFileName(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        object? root;
        if (LegacyCheckpoint.IsLegacy(stream))
        {
            root = LegacyCheckpoint.Read(stream, name).Root;
        }
        else
        {
            using var archive = OpenArchive(stream, name);
            root = RestrictedUnpickler.Load(ReadEntry(archive, FindRecordPrefix(archive, name) + "data.pkl", MaxPickleBytes, name));
        }

        var top = root as PickleDict ?? throw new CheckpointFormatException($"{name} does not hold a dictionary at its top level.");
        var nested = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in top.Items)
        {
            if (key is string k && value is PickleDict inner)
            {
                nested[k] = inner.Items.Select(i => i.Key).OfType<string>().ToList();
            }
        }

        return new CheckpointLayout(top.Items.Select(i => i.Key).OfType<string>().ToList(), nested);
    }

    /// <summary>Reads the raw little-endian bytes of <paramref name="storage"/> (exactly <c>bytes</c> of them).</summary>
    internal delegate byte[] StorageReader(StorageRef storage, long bytes, string firstTensor);

    private static ParameterSet ToParameterSet(PickleDict dict, StorageReader readStorage, string name)
    {
        var tensors = new List<(string Name, TensorRef Tensor)>();
        foreach (var (k, v) in dict.Items)
        {
            string tensorName = k as string ?? throw new CheckpointFormatException($"{name}: the state dictionary has a key that is not a string ({k}).");
            tensors.Add((tensorName, v as TensorRef ?? throw new CheckpointFormatException($"{name}: entry '{tensorName}' is not a tensor.")));
        }

        var loaded = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        foreach (var group in tensors.GroupBy(t => t.Tensor.Storage.Key))
        {
            var storage = group.First().Tensor.Storage;
            float[] values = ReadStorage(storage, group.Select(g => g.Name).ToList(), readStorage, name);
            foreach (var (tensorName, tensor) in group)
            {
                loaded[tensorName] = View(values, tensor, tensorName, name);
            }
        }

        var set = new ParameterSet();
        foreach (var (tensorName, _) in tensors)
        {
            set.Add(tensorName, loaded[tensorName]);
        }

        return set;
    }

    private static ZipArchive OpenArchive(Stream stream, string name)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new CheckpointFormatException($"{name} is not a PyTorch zip checkpoint, or it is truncated: {ex.Message}", ex);
        }
    }

    // torch.save puts every record under one folder named after the archive ("archive/" in recent versions).
    private static string FindRecordPrefix(ZipArchive archive, string name)
    {
        var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
        if (pickles.Count != 1)
        {
            throw new CheckpointFormatException(pickles.Count == 0
                ? $"{name} is a zip file without a data.pkl record: not a PyTorch checkpoint."
                : $"{name} holds {pickles.Count} data.pkl records; a PyTorch checkpoint has one.");
        }

        return pickles[0].FullName[..^"data.pkl".Length];
    }

    private static void CheckByteOrder(ZipArchive archive, string prefix, string name)
    {
        var entry = archive.GetEntry(prefix + "byteorder");
        if (entry is null)
        {
            return; // written before PyTorch recorded it: always little-endian
        }

        string order = System.Text.Encoding.ASCII.GetString(ReadEntry(archive, entry.FullName, 16, name)).Trim();
        if (order != "little")
        {
            throw new CheckpointFormatException($"{name} stores tensors in '{order}' byte order; only little-endian checkpoints are supported.");
        }
    }

    private static PickleDict SelectStateDict(object? root, string? key, string name)
    {
        if (root is not PickleDict top)
        {
            throw new CheckpointFormatException($"{name} does not hold a dictionary at its top level.");
        }

        if (key is null)
        {
            return top;
        }

        if (!top.TryGet(key, out object? value))
        {
            string keys = string.Join(", ", top.Items.Select(i => i.Key is string s ? "'" + s + "'" : "?").Take(10));
            throw new CheckpointFormatException($"{name} has no '{key}' entry (its top-level keys: {keys}).");
        }

        return value as PickleDict ?? throw new CheckpointFormatException($"{name}: '{key}' is not a state dictionary.");
    }

    private static byte[] ReadEntry(ZipArchive archive, string entryName, long limit, string name)
    {
        var entry = archive.GetEntry(entryName) ?? throw new CheckpointFormatException($"{name} lacks the record '{entryName}'.");
        if (entry.Length > limit)
        {
            throw new CheckpointFormatException($"{name}: record '{entryName}' is {entry.Length} bytes, more than the {limit} a state dictionary needs.");
        }

        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new CheckpointFormatException($"{name}: record '{entryName}' cannot be read completely (truncated or damaged): {ex.Message}", ex);
        }

        return bytes;
    }

    /// <summary>
    /// Reads a storage's elements and converts them to float32. Integer storages are read only for BatchNorm's
    /// <c>num_batches_tracked</c> counters (int64 scalars that every PyTorch BatchNorm saves and inference never
    /// uses); an integer tensor anywhere else is not a network parameter.
    /// </summary>
    private static float[] ReadStorage(StorageRef storage, IReadOnlyList<string> tensorNames, StorageReader readStorage, string name)
    {
        string firstTensor = tensorNames[0];
        if (!storage.DType.IsFloatingPoint() && !(storage.DType.IsInteger() && tensorNames.All(IsBatchCounter)))
        {
            throw new CheckpointFormatException($"{name}: tensor '{firstTensor}' has dtype {storage.DType.TorchName()}; network parameters must be floating point.");
        }

        long bytes = storage.ElementCount * storage.DType.Size();
        if (storage.ElementCount > Array.MaxLength || bytes > int.MaxValue)
        {
            throw new CheckpointFormatException($"{name}: storage '{storage.Key}' claims {storage.ElementCount} elements, beyond what one tensor can hold here.");
        }

        return ToFloat(readStorage(storage, bytes, firstTensor), storage.DType);
    }

    private static bool IsBatchCounter(string tensorName) => tensorName == "num_batches_tracked" || tensorName.EndsWith(".num_batches_tracked", StringComparison.Ordinal);

    private static byte[] ReadZipStorage(ZipArchive archive, string prefix, StorageRef storage, long bytes, string firstTensor, string name)
    {
        string entryName = prefix + "data/" + storage.Key;
        var entry = archive.GetEntry(entryName) ?? throw new CheckpointFormatException($"{name} lacks the storage record '{entryName}' that tensor '{firstTensor}' uses.");
        if (entry.Length < bytes)
        {
            throw new CheckpointFormatException($"{name}: storage '{storage.Key}' holds {entry.Length} bytes, but its {storage.ElementCount} {storage.DType.TorchName()} elements need {bytes}.");
        }

        var raw = new byte[bytes];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(raw);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new CheckpointFormatException($"{name}: storage '{storage.Key}' cannot be read completely (truncated or damaged): {ex.Message}", ex);
        }

        return raw;
    }

    private static float[] ToFloat(byte[] raw, TorchDType type)
    {
        switch (type)
        {
            case TorchDType.Float32:
                return MemoryMarshal.Cast<byte, float>(raw).ToArray();
            case TorchDType.Float16:
            {
                var result = new float[raw.Length / 2];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(i * 2));
                }

                return result;
            }

            case TorchDType.BFloat16:
            {
                var result = new float[raw.Length / 2];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2)) << 16);
                }

                return result;
            }

            case TorchDType.Float64:
            {
                var result = new float[raw.Length / 8];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8));
                }

                return result;
            }

            case TorchDType.Int64:
            {
                var result = new float[raw.Length / 8];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8));
                }

                return result;
            }

            case TorchDType.Int32:
            {
                var result = new float[raw.Length / 4];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4));
                }

                return result;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a storage a network parameter can have.");
        }
    }

    /// <summary>The tensor's elements in row-major order, copied out of its storage through offset and strides.</summary>
    private static FloatTensor View(float[] storage, TensorRef tensor, string tensorName, string name)
    {
        if (tensor.Size.Any(s => s > int.MaxValue))
        {
            throw new CheckpointFormatException($"{name}: tensor '{tensorName}' has a dimension too large.");
        }

        int[] shape = tensor.Size.Select(s => (int)s).ToArray();
        long count = tensor.ElementCount;
        if (count == 0)
        {
            return new FloatTensor([], shape);
        }

        long last = tensor.Offset;
        for (int d = 0; d < shape.Length; d++)
        {
            last += (shape[d] - 1) * tensor.Stride[d];
        }

        if (last >= storage.LongLength)
        {
            throw new CheckpointFormatException($"{name}: tensor '{tensorName}' reaches element {last} of a storage holding {storage.LongLength}.");
        }

        if (tensor.Offset == 0 && count == storage.LongLength && IsContiguous(shape, tensor.Stride))
        {
            return new FloatTensor(storage, shape);
        }

        var values = new float[count];
        if (IsContiguous(shape, tensor.Stride))
        {
            Array.Copy(storage, tensor.Offset, values, 0, count);
            return new FloatTensor(values, shape);
        }

        // A non-contiguous view (a transpose or a slice): walk the row-major index like an odometer.
        var index = new long[shape.Length];
        long source = tensor.Offset;
        for (long i = 0; i < count; i++)
        {
            values[i] = storage[source];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d]++;
                source += tensor.Stride[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                source -= index[d] * tensor.Stride[d];
                index[d] = 0;
            }
        }

        return new FloatTensor(values, shape);
    }

    private static bool IsContiguous(int[] shape, IReadOnlyList<long> stride)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && stride[d] != expected)
            {
                return false;
            }

            expected *= shape[d];
        }

        return true;
    }
}
