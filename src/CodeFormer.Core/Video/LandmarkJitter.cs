namespace CodeFormer.Core.Video;

/// <summary>
/// Frame-to-frame landmark movement of the same face, averaged over points and frames: of the detected
/// landmarks and of the ones used for alignment. On a still face every pixel of it is jitter.
/// </summary>
public sealed class LandmarkJitter
{
    private double _detectedPx;
    private double _usedPx;
    private double _detectedEyes;
    private double _usedEyes;

    /// <summary>Frame pairs measured (a face seen in two consecutive frames).</summary>
    public int Samples { get; private set; }

    /// <summary>Mean movement of a detected landmark between consecutive frames, in input pixels.</summary>
    public double DetectedPx => Samples == 0 ? 0 : _detectedPx / Samples;

    /// <summary>Mean movement of a landmark used for alignment between consecutive frames, in input pixels.</summary>
    public double UsedPx => Samples == 0 ? 0 : _usedPx / Samples;

    /// <summary><see cref="DetectedPx"/> in percent of the face's eye distance.</summary>
    public double DetectedPercentOfEyeDistance => Samples == 0 ? 0 : 100 * _detectedEyes / Samples;

    /// <summary><see cref="UsedPx"/> in percent of the face's eye distance.</summary>
    public double UsedPercentOfEyeDistance => Samples == 0 ? 0 : 100 * _usedEyes / Samples;

    public void Add(double detectedPx, double usedPx, double eyeDistance)
    {
        _detectedPx += detectedPx;
        _usedPx += usedPx;
        double eyes = Math.Max(eyeDistance, 1e-6);
        _detectedEyes += detectedPx / eyes;
        _usedEyes += usedPx / eyes;
        Samples++;
    }
}
