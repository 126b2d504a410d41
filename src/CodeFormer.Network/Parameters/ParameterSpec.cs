namespace CodeFormer.Network.Parameters;

/// <summary>A named parameter tensor and its shape, as it appears in a checkpoint's state dictionary.</summary>
public sealed record ParameterSpec(string Name, IReadOnlyList<int> Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => Name + " " + ShapeText;
}
