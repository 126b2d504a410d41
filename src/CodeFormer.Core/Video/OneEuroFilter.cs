namespace CodeFormer.Core.Video;

/// <summary>
/// The 1€ filter (Casiez, Roussel, Vogel, CHI 2012) on one value: a low-pass whose cutoff rises with the value's
/// speed, so a still value is smoothed hard (jitter removed) and a moving one follows with little lag.
/// </summary>
public sealed class OneEuroFilter
{
    private readonly OneEuroSettings _settings;
    private double _value;
    private double _derivative;
    private bool _started;

    public OneEuroFilter(OneEuroSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>Filters the next sample, taken <paramref name="dt"/> seconds after the previous one.</summary>
    public double Next(double sample, double dt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dt);
        if (!_started)
        {
            _started = true;
            _value = sample;
            _derivative = 0;
            return sample;
        }

        double rawDerivative = (sample - _value) / dt;
        _derivative += Alpha(_settings.DerivativeCutoff, dt) * (rawDerivative - _derivative);
        double cutoff = _settings.MinCutoff + (_settings.Beta * Math.Abs(_derivative));
        _value += Alpha(cutoff, dt) * (sample - _value);
        return _value;
    }

    private static double Alpha(double cutoffHz, double dt)
    {
        double tau = 1 / (2 * Math.PI * cutoffHz);
        return 1 / (1 + (tau / dt));
    }
}
