using CodeFormer.Network.Architecture;

namespace CodeFormer.Network.Parameters;

/// <summary>
/// Deterministic stand-in weights by the rule in the shared reference data (<c>manifest.json.weight_rule</c>),
/// reproduced bit for bit: a hash of (entry index, element index) gives r in [−1, 1); weights of 2+ dimensions
/// are r/√fan_in, one-dimensional "weight"s and BatchNorm "running_var"s 1 + 0.1r (norm scales, variances),
/// BatchNorm's "num_batches_tracked" 0, other vectors 0.02r — all in float32.
/// The reference outputs were computed with exactly these weights, so a network built from them must match.
/// </summary>
public static class RuleWeights
{
    public static ParameterSet Generate(CodeFormerConfig config) => Generate(CodeFormerParameters.Specs(config));

    public static ParameterSet Generate(IReadOnlyList<ParameterSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var tensors = new FloatTensor[specs.Count];
        Parallel.For(0, specs.Count, p => tensors[p] = new FloatTensor(Values(p, specs[p]), specs[p].Shape));

        var set = new ParameterSet();
        for (int p = 0; p < specs.Count; p++)
        {
            set.Add(specs[p].Name, tensors[p]);
        }

        return set;
    }

    /// <summary>The values of manifest entry <paramref name="entryIndex"/>.</summary>
    public static float[] Values(int entryIndex, ParameterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var values = new float[spec.ElementCount];
        uint seed = unchecked((uint)(entryIndex + 1) * 2654435761u);
        if (spec.Shape.Count >= 2)
        {
            int fanIn = (int)(values.Length / spec.Shape[0]);
            float scale = 1f / MathF.Sqrt(fanIn);
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = Uniform(seed, (uint)j) * scale;
            }
        }
        else if (spec.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            // BatchNorm's training counter: 0 under the rule (family/README.md); never read by a network.
        }
        else if (spec.Name.EndsWith("weight", StringComparison.Ordinal) || spec.Name.EndsWith("running_var", StringComparison.Ordinal))
        {
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = 1f + (0.1f * Uniform(seed, (uint)j));
            }
        }
        else
        {
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = 0.02f * Uniform(seed, (uint)j);
            }
        }

        return values;
    }

    private static float Uniform(uint seed, uint j)
    {
        uint h = j ^ seed;
        h ^= h >> 16;
        h = unchecked(h * 0x85EBCA6Bu);
        h ^= h >> 13;
        h = unchecked(h * 0xC2B2AE35u);
        h ^= h >> 16;
        float u = (h >> 8) * (1f / 16777216f);
        return (2f * u) - 1f;
    }
}
