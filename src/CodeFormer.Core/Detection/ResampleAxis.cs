namespace CodeFormer.Core.Detection;

/// <summary>
/// Precomputed filter taps along one axis. Output pixel i samples the source around
/// <c>start + (i + 0.5)·scale</c> with a triangle filter whose radius grows with the scale when shrinking,
/// so a reduction averages every source pixel (like an area resize) instead of skipping some; enlarging is
/// plain bilinear. Source indices are clamped to the edge; output pixels whose centre falls outside the
/// source are marked as outside (the caller fills them).
/// </summary>
internal sealed class ResampleAxis
{
    public ResampleAxis(int outputLength, double sourceStart, double scale, int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceLength);
        if (!(scale > 0) || !double.IsFinite(scale) || !double.IsFinite(sourceStart))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The sampling scale must be a positive finite number.");
        }

        double radius = Math.Max(1.0, scale);
        MaxTaps = (int)Math.Ceiling(2 * radius) + 1;
        Length = outputLength;
        Indices = new int[outputLength * MaxTaps];
        Weights = new float[outputLength * MaxTaps];
        TapCounts = new int[outputLength];
        Inside = new bool[outputLength];
        FirstSource = int.MaxValue;
        LastSource = int.MinValue;

        for (int i = 0; i < outputLength; i++)
        {
            double position = sourceStart + ((i + 0.5) * scale);
            if (position < 0 || position >= sourceLength)
            {
                continue;
            }

            Inside[i] = true;
            double centre = position - 0.5;
            int first = (int)Math.Floor(centre - radius) + 1;
            int last = (int)Math.Ceiling(centre + radius) - 1;
            int slot = i * MaxTaps;
            int count = 0;
            double total = 0;
            for (int j = first; j <= last; j++)
            {
                double w = 1 - (Math.Abs(j - centre) / radius);
                if (w <= 0)
                {
                    continue;
                }

                int index = Math.Clamp(j, 0, sourceLength - 1);
                if (count > 0 && Indices[slot + count - 1] == index)
                {
                    Weights[slot + count - 1] += (float)w;
                }
                else
                {
                    Indices[slot + count] = index;
                    Weights[slot + count] = (float)w;
                    count++;
                }

                total += w;
            }

            for (int k = 0; k < count; k++)
            {
                Weights[slot + k] = (float)(Weights[slot + k] / total);
            }

            TapCounts[i] = count;
            FirstSource = Math.Min(FirstSource, Indices[slot]);
            LastSource = Math.Max(LastSource, Indices[slot + count - 1]);
        }
    }

    public int Length { get; }

    /// <summary>Stride of <see cref="Indices"/> and <see cref="Weights"/> per output pixel.</summary>
    public int MaxTaps { get; }

    public int[] Indices { get; }

    public float[] Weights { get; }

    public int[] TapCounts { get; }

    public bool[] Inside { get; }

    /// <summary>The lowest source index any tap reads (int.MaxValue when every output is outside).</summary>
    public int FirstSource { get; }

    /// <summary>The highest source index any tap reads (int.MinValue when every output is outside).</summary>
    public int LastSource { get; }

    public bool AnyInside => FirstSource <= LastSource;
}
