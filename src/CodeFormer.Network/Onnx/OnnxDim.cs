namespace CodeFormer.Network.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size or a named symbolic one (a dynamic batch).</summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    public long? Value { get; }

    public string? Symbol { get; }

    public static OnnxDim Fixed(long value) =>
        value >= 0 ? new(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "A dimension cannot be negative.");

    public static OnnxDim Dynamic(string symbol) =>
        !string.IsNullOrWhiteSpace(symbol) ? new(null, symbol) : throw new ArgumentException("A symbolic dimension needs a name.", nameof(symbol));

    public static implicit operator OnnxDim(long value) => Fixed(value);

    public static implicit operator OnnxDim(string symbol) => Dynamic(symbol);

    public override string ToString() => Symbol ?? Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
