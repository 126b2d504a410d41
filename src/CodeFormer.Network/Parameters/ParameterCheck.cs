namespace CodeFormer.Network.Parameters;

/// <summary>A parameter whose tensor has another shape than the network expects.</summary>
public sealed record ShapeMismatch(ParameterSpec Expected, IReadOnlyList<int> Actual)
{
    public override string ToString() => $"{Expected.Name}: expected {Expected.ShapeText}, found [{string.Join(", ", Actual)}]";
}

/// <summary>The result of matching a parameter set against a network's expected tensors.</summary>
public sealed record ParameterCheck(IReadOnlyList<ParameterSpec> Missing, IReadOnlyList<string> Extra, IReadOnlyList<ShapeMismatch> WrongShape)
{
    public bool IsComplete => Missing.Count == 0 && Extra.Count == 0 && WrongShape.Count == 0;

    /// <summary>One line naming the problems (the first few of each kind, with counts).</summary>
    public string Describe()
    {
        if (IsComplete)
        {
            return "all expected tensors present with the right shapes";
        }

        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"{Missing.Count} missing ({List(Missing.Select(m => m.Name))})");
        }

        if (WrongShape.Count > 0)
        {
            parts.Add($"{WrongShape.Count} with the wrong shape ({List(WrongShape.Select(w => w.ToString()))})");
        }

        if (Extra.Count > 0)
        {
            parts.Add($"{Extra.Count} unexpected ({List(Extra)})");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Throws <see cref="ParameterMismatchException"/> unless the set is complete.</summary>
    public void ThrowIfIncomplete()
    {
        if (!IsComplete)
        {
            throw new ParameterMismatchException(this);
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        const int Shown = 5;
        return all.Count <= Shown ? string.Join(", ", all) : string.Join(", ", all.Take(Shown)) + $", … {all.Count - Shown} more";
    }
}

/// <summary>The parameters do not match the network: some are missing, unexpected or of the wrong shape.</summary>
public sealed class ParameterMismatchException(ParameterCheck check) : Exception("The parameters do not match the network: " + check.Describe())
{
    public ParameterCheck Check { get; } = check;
}
