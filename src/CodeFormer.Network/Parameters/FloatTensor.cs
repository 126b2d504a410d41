namespace CodeFormer.Network.Parameters;

/// <summary>A dense row-major float32 tensor: a network parameter.</summary>
public sealed class FloatTensor
{
    public FloatTensor(float[] data, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (a, d) => d >= 0 ? a * d : throw new ArgumentException("A dimension cannot be negative.", nameof(shape)));
        if (count != data.LongLength)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} values, the data {data.LongLength}.", nameof(data));
        }

        Data = data;
        Shape = shape.ToArray();
    }

    public float[] Data { get; }

    public IReadOnlyList<int> Shape { get; }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public bool HasShape(IReadOnlyList<int> shape) => Shape.SequenceEqual(shape);
}
