namespace CodeFormer.Network.Checkpoints;

// The only values the restricted unpickler can produce. Python None is null; ints are long; strings are string;
// True/False are bool; floats are double.

/// <summary>A module-level name from the allow-list (never imported: it only selects a known behaviour).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => Module + "." + Name;
}

internal sealed record PickleTuple(IReadOnlyList<object?> Items);

internal sealed class PickleList
{
    public List<object?> Items { get; } = [];
}

/// <summary>A dict or OrderedDict, keys in insertion order.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object, object?>> Items { get; } = [];

    public bool TryGet(string key, out object? value)
    {
        foreach (var item in Items)
        {
            if (item.Key is string s && s == key)
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(object key, object? value)
    {
        int index = Items.FindIndex(i => i.Key.Equals(key));
        if (index >= 0)
        {
            Items[index] = new(key, value);
        }
        else
        {
            Items.Add(new(key, value));
        }
    }
}

/// <summary>A storage named by the pickle's persistent id: its raw bytes are the archive entry <c>data/{Key}</c>.</summary>
internal sealed record StorageRef(string Key, TorchDType DType, string Location, long ElementCount);

/// <summary>A tensor view on a storage (what <c>torch._utils._rebuild_tensor_v2</c> would build).</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, IReadOnlyList<long> Size, IReadOnlyList<long> Stride)
{
    public long ElementCount => Size.Aggregate(1L, (a, d) => a * d);
}
