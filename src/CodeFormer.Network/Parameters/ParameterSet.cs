namespace CodeFormer.Network.Parameters;

/// <summary>Named parameter tensors in their checkpoint order (a state dictionary).</summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, FloatTensor> _tensors = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Count => _order.Count;

    public IReadOnlyList<string> Names => _order;

    public long ElementCount => _tensors.Values.Sum(t => t.Data.LongLength);

    public FloatTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"No parameter named '{name}'.");

    public void Add(string name, FloatTensor tensor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_tensors.TryAdd(name, tensor))
        {
            throw new ArgumentException($"Parameter '{name}' is already present.", nameof(name));
        }

        _order.Add(name);
    }

    public bool TryGet(string name, out FloatTensor tensor) => _tensors.TryGetValue(name, out tensor!);

    /// <summary>Compares the set with the tensors a network expects: what is missing, unexpected, or of the wrong shape.</summary>
    public ParameterCheck CheckAgainst(IReadOnlyList<ParameterSpec> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var expectedNames = expected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(s => !_tensors.ContainsKey(s.Name)).ToList();
        var wrongShape = expected
            .Where(s => _tensors.TryGetValue(s.Name, out var t) && !t.HasShape(s.Shape))
            .Select(s => new ShapeMismatch(s, _tensors[s.Name].Shape))
            .ToList();
        var extra = _order.Where(n => !expectedNames.Contains(n)).ToList();
        return new ParameterCheck(missing, extra, wrongShape);
    }
}
