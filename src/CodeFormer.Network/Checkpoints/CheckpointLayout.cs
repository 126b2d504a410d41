namespace CodeFormer.Network.Checkpoints;

/// <summary>The names in a checkpoint without its tensors: the top-level keys, and the keys of every dictionary among its values (e.g. <c>params_ema</c>).</summary>
public sealed record CheckpointLayout(IReadOnlyList<string> TopLevel, IReadOnlyDictionary<string, IReadOnlyList<string>> Nested);
