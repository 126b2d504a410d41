namespace CodeFormer.Core.Video;

/// <summary>
/// The 1€ filter's three knobs. Landmarks are filtered in eye distances (not pixels), so one setting suits any
/// face size: <see cref="Beta"/> is per eye distance per second.
/// </summary>
public sealed record OneEuroSettings
{
    /// <summary>Tuned on the still-face clip (jitter) and a face panning 2 eye distances per second (lag).</summary>
    public static OneEuroSettings Landmarks { get; } = new(minCutoff: 1.0, beta: 0.7, derivativeCutoff: 1.0);

    public OneEuroSettings(double minCutoff, double beta, double derivativeCutoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCutoff);
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(derivativeCutoff);
        MinCutoff = minCutoff;
        Beta = beta;
        DerivativeCutoff = derivativeCutoff;
    }

    /// <summary>Cutoff in Hz when the value stands still: lower removes more jitter.</summary>
    public double MinCutoff { get; }

    /// <summary>How fast the cutoff rises with speed: higher lags less behind motion.</summary>
    public double Beta { get; }

    public double DerivativeCutoff { get; }
}
