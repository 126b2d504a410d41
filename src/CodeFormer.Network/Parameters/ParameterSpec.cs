namespace CodeFormer.Network.Parameters;

/// <summary>A named parameter tensor and its shape, as it appears in a checkpoint's state dictionary.</summary>
/// <param name="Optional">
/// The network never reads it, so a checkpoint may lack it (BatchNorm's <c>num_batches_tracked</c> counters);
/// it is still listed, to keep the checkpoint's order and the rule weights' entry indices.
/// </param>
public sealed record ParameterSpec(string Name, IReadOnlyList<int> Shape, bool Optional = false)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => Name + " " + ShapeText;
}
