using System.Buffers.Binary;

namespace CodeFormer.Network.Checkpoints;

/// <summary>
/// The stream format <c>torch.save</c> wrote before PyTorch 1.6 (and still writes with
/// <c>_use_new_zipfile_serialization=False</c>), in which some released detectors may be stored: five pickles in a
/// row — magic number, protocol version 1001, system info, the object itself, the sorted list of storage keys —
/// followed by each storage in that order as an int64 element count and its raw little-endian elements.
/// Every pickle goes through <see cref="RestrictedUnpickler"/>; nothing is executed.
/// </summary>
internal sealed class LegacyCheckpoint
{
    private const long ProtocolVersion = 1001;

    // pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2): PROTO 2, LONG1 of 10 bytes, STOP.
    private static readonly byte[] s_magic = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];

    private readonly byte[] _data;
    private readonly Dictionary<string, (long Offset, long Count)> _storages;
    private readonly string _name;

    private LegacyCheckpoint(byte[] data, object? root, Dictionary<string, (long Offset, long Count)> storages, string name)
    {
        _data = data;
        Root = root;
        _storages = storages;
        _name = name;
    }

    public object? Root { get; }

    /// <summary>True when the (seekable) stream starts with a pickle rather than a zip header.</summary>
    public static bool IsLegacy(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[2];
        long start = stream.Position;
        int n = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return n == 2 && head[0] == 0x80 && head[1] == 0x02;
    }

    public static LegacyCheckpoint Read(Stream stream, string name)
    {
        try
        {
            return ReadUnchecked(stream, name);
        }
        catch (CheckpointFormatException ex) when (!ex.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new CheckpointFormatException($"{name} (legacy torch.save format): {ex.Message}", ex);
        }
    }

    private static LegacyCheckpoint ReadUnchecked(Stream stream, string name)
    {
        long length = stream.Length - stream.Position;
        if (length > Array.MaxLength)
        {
            throw new CheckpointFormatException($"{name} is {length} bytes, more than a legacy-format checkpoint can be read in one piece here.");
        }

        var data = new byte[length];
        stream.ReadExactly(data);
        if (!data.AsSpan().StartsWith(s_magic))
        {
            throw new CheckpointFormatException($"{name} starts with a pickle but not with torch.save's legacy magic number: not a PyTorch checkpoint.");
        }

        int at = s_magic.Length;
        if (RestrictedUnpickler.Load(data, at, out at) is not long version || version != ProtocolVersion)
        {
            throw new CheckpointFormatException($"{name} is a legacy PyTorch checkpoint of an unknown protocol version (expected {ProtocolVersion}).");
        }

        if (RestrictedUnpickler.Load(data, at, out at) is PickleDict sysInfo && sysInfo.TryGet("little_endian", out object? little) && little is false)
        {
            throw new CheckpointFormatException($"{name} was saved on a big-endian machine; only little-endian checkpoints are supported.");
        }

        object? root = RestrictedUnpickler.Load(data, at, out at);
        if (RestrictedUnpickler.Load(data, at, out at) is not PickleList keyList || keyList.Items.Any(k => k is not string))
        {
            throw new CheckpointFormatException($"{name}: the legacy checkpoint's storage key list is missing or malformed.");
        }

        var types = new Dictionary<string, TorchDType>(StringComparer.Ordinal);
        CollectStorages(root, types, depth: 0);
        var storages = new Dictionary<string, (long Offset, long Count)>(StringComparer.Ordinal);
        long pos = at;
        foreach (string key in keyList.Items.Cast<string>())
        {
            if (!types.TryGetValue(key, out var type))
            {
                throw new CheckpointFormatException($"{name}: the legacy checkpoint stores storage '{key}', which no tensor uses.");
            }

            if (pos + 8 > data.Length)
            {
                throw new CheckpointFormatException($"{name} ends before storage '{key}' (truncated).");
            }

            long count = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan((int)pos, 8));
            pos += 8;
            if (count < 0 || count > (data.Length - pos) / type.Size())
            {
                throw new CheckpointFormatException($"{name}: storage '{key}' claims {count} elements, more than the rest of the file holds (truncated or damaged).");
            }

            storages[key] = (pos, count);
            pos += count * type.Size();
        }

        return new LegacyCheckpoint(data, root, storages, name);
    }

    /// <summary>The raw bytes of a storage (what the zip format keeps in <c>data/{key}</c>).</summary>
    public byte[] ReadStorage(StorageRef storage, long bytes, string firstTensor)
    {
        if (!_storages.TryGetValue(storage.Key, out var place))
        {
            throw new CheckpointFormatException($"{_name} lacks storage '{storage.Key}' that tensor '{firstTensor}' uses.");
        }

        if (place.Count * storage.DType.Size() < bytes)
        {
            throw new CheckpointFormatException($"{_name}: storage '{storage.Key}' holds {place.Count} elements, but tensor '{firstTensor}' needs {storage.ElementCount}.");
        }

        return _data.AsSpan((int)place.Offset, (int)bytes).ToArray();
    }

    private static void CollectStorages(object? value, Dictionary<string, TorchDType> types, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (value)
        {
            case TensorRef tensor:
                types[tensor.Storage.Key] = tensor.Storage.DType;
                break;
            case PickleDict dict:
                foreach (var item in dict.Items)
                {
                    CollectStorages(item.Value, types, depth + 1);
                }

                break;
            case PickleList list:
                foreach (object? item in list.Items)
                {
                    CollectStorages(item, types, depth + 1);
                }

                break;
            case PickleTuple tuple:
                foreach (object? item in tuple.Items)
                {
                    CollectStorages(item, types, depth + 1);
                }

                break;
        }
    }
}
