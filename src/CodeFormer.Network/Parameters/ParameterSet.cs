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

    /// <summary>
    /// The same tensors with a leading <paramref name="prefix"/> removed from every name that has it (other
    /// names untouched), as loaders of checkpoints saved from a DataParallel-wrapped network strip <c>module.</c>.
    /// </summary>
    public ParameterSet WithoutPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var stripped = new ParameterSet();
        foreach (string name in _order)
        {
            string target = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
            if (stripped._tensors.ContainsKey(target))
            {
                throw new ArgumentException($"The checkpoint holds both '{target}' and '{prefix}{target}'.", nameof(prefix));
            }

            stripped.Add(target, _tensors[name]);
        }

        return stripped;
    }

    /// <summary>Compares the set with the tensors a network expects: what is missing, unexpected, or of the wrong shape.</summary>
    public ParameterCheck CheckAgainst(IReadOnlyList<ParameterSpec> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var expectedNames = expected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(s => !s.Optional && !_tensors.ContainsKey(s.Name)).ToList();
        var wrongShape = expected
            .Where(s => _tensors.TryGetValue(s.Name, out var t) && !t.HasShape(s.Shape))
            .Select(s => new ShapeMismatch(s, _tensors[s.Name].Shape))
            .ToList();
        var extra = _order.Where(n => !expectedNames.Contains(n)).ToList();
        return new ParameterCheck(missing, extra, wrongShape);
    }
}
