namespace CodeFormer.Network.Checkpoints;

/// <summary>
/// The globals a state-dictionary pickle may name, and what each means here. Everything else is refused:
/// a checkpoint is untrusted input, and a pickle global can name any Python callable (os.system, eval, ...).
/// </summary>
internal static class AllowedGlobals
{
    private static readonly PickleGlobal s_orderedDict = new("collections", "OrderedDict");
    private static readonly PickleGlobal s_rebuildTensor = new("torch._utils", "_rebuild_tensor_v2");
    private static readonly PickleGlobal s_rebuildParameter = new("torch._utils", "_rebuild_parameter");

    public static PickleGlobal Resolve(string module, string name)
    {
        var global = new PickleGlobal(module, name);
        if (global == s_orderedDict || global == s_rebuildTensor || global == s_rebuildParameter
            || (module == "torch" && TorchDTypes.TryFromStorageClass(name, out _)))
        {
            return global;
        }

        throw new CheckpointFormatException(
            $"Checkpoint pickle refers to '{module}.{name}', which is not allowed in a state dictionary " +
            "(only collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter and torch storage types are); refusing to load it.");
    }

    public static object Call(PickleGlobal callable, PickleTuple args)
    {
        if (callable == s_orderedDict)
        {
            return args.Items.Count == 0
                ? new PickleDict()
                : throw new CheckpointFormatException("Checkpoint pickle builds an OrderedDict from arguments, which torch.save never does.");
        }

        if (callable == s_rebuildTensor)
        {
            return RebuildTensor(args);
        }

        if (callable == s_rebuildParameter)
        {
            return args.Items.Count >= 1 && args.Items[0] is TensorRef tensor
                ? tensor
                : throw new CheckpointFormatException("Checkpoint pickle calls _rebuild_parameter without a tensor.");
        }

        throw new CheckpointFormatException($"Checkpoint pickle calls '{callable}', which may only name a storage type.");
    }

    /// <summary>BUILD sets instance attributes; only an OrderedDict's (a state dict's <c>_metadata</c>) are accepted, and ignored.</summary>
    public static void Build(object target, object? state)
    {
        if (target is PickleDict && (state is null or PickleDict))
        {
            return;
        }

        throw new CheckpointFormatException($"Checkpoint pickle sets attributes on a {target.GetType().Name}, which a state dictionary never does.");
    }

    /// <summary>
    /// torch.save's persistent id for a storage: ('storage', storage type, key, location, element count); the
    /// legacy (pre-1.6) format adds a sixth item, the view metadata, which is None for a whole storage.
    /// </summary>
    public static StorageRef PersistentLoad(object? id)
    {
        if (id is PickleTuple { Items: ["storage", PickleGlobal type, string key, string location, long count, ..] items }
            && (items.Count == 5 || (items.Count == 6 && items[5] is null))
            && type.Module == "torch" && TorchDTypes.TryFromStorageClass(type.Name, out var dtype))
        {
            if (count < 0 || key.Length == 0 || key.Length > 64 || key.Any(ch => !char.IsAsciiLetterOrDigit(ch) && ch != '_'))
            {
                throw new CheckpointFormatException($"Checkpoint pickle names storage '{key}' with {count} elements, which is not a valid storage reference.");
            }

            return new StorageRef(key, dtype, location, count);
        }

        throw new CheckpointFormatException("Checkpoint pickle has a persistent id that is not a torch storage reference.");
    }

    private static TensorRef RebuildTensor(PickleTuple args)
    {
        if (args.Items is not [StorageRef storage, long offset, PickleTuple size, PickleTuple stride, ..])
        {
            throw new CheckpointFormatException("Checkpoint pickle calls _rebuild_tensor_v2 with arguments other than (storage, offset, size, stride, ...).");
        }

        long[] sizes = Longs(size, "size");
        long[] strides = Longs(stride, "stride");
        if (sizes.Length != strides.Length || sizes.Any(s => s < 0) || strides.Any(s => s < 0) || offset < 0)
        {
            throw new CheckpointFormatException($"Checkpoint tensor on storage '{storage.Key}' has an invalid size/stride/offset.");
        }

        return new TensorRef(storage, offset, sizes, strides);
    }

    private static long[] Longs(PickleTuple tuple, string what) =>
        tuple.Items.Select(v => v is long l ? l : throw new CheckpointFormatException($"Checkpoint tensor {what} holds a non-integer.")).ToArray();
}
