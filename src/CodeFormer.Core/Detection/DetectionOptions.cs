namespace CodeFormer.Core.Detection;

/// <summary>How <see cref="FaceFinder"/> detects, with the official CodeFormer helper's defaults.</summary>
public sealed record DetectionOptions
{
    public static DetectionOptions Default { get; } = new();

    /// <summary>Lowest face score kept; null uses the detector's own default.</summary>
    public float? ScoreThreshold
    {
        get;
        init => field = value is null or (>= 0 and <= 1) ? value
            : throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), value, "The score threshold must lie in [0, 1].");
    }

    /// <summary>Box overlap above which two detections are one face; null uses the detector's own default.</summary>
    public float? NmsIou
    {
        get;
        init => field = value is null or (> 0 and <= 1) ? value
            : throw new ArgumentOutOfRangeException(nameof(NmsIou), value, "The NMS IoU threshold must lie in (0, 1].");
    }

    /// <summary>Faces whose eyes are closer than this many pixels (of the given image) are dropped: side views and tiny faces.</summary>
    public double EyeDistanceThreshold
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(EyeDistanceThreshold), value, "The eye distance threshold must be a finite number ≥ 0.");
    } = 5;

    /// <summary>
    /// Faces with at least this many pixels (of the given image) between the eyes are looked for at any image
    /// size: detectors that tile add finer tiles for them. Smaller ones may still be found.
    /// </summary>
    public double MinEyeDistance
    {
        get;
        init => field = value >= 2 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MinEyeDistance), value, "The smallest eye distance looked for must be a finite number ≥ 2.");
    } = 10;

    /// <summary>Keep only the face whose box centre is nearest the image centre.</summary>
    public bool OnlyCenterFace { get; init; }

    /// <summary>Keep only the face with the largest box (inside the image); wins over <see cref="OnlyCenterFace"/>, as in the official helper.</summary>
    public bool LargestFace { get; init; }

    /// <summary>Detection runs on a copy enlarged to this short side when the image's is shorter; null detects on the image as given.</summary>
    public int? DetectionShortSide
    {
        get;
        init => field = value is null or (>= 32 and <= 8192) ? value
            : throw new ArgumentOutOfRangeException(nameof(DetectionShortSide), value, "The detection short side must lie in [32, 8192].");
    } = 640;

    /// <summary>The detector's thresholds with these options' overrides applied.</summary>
    public DetectorThresholds ThresholdsOver(DetectorThresholds detectorDefaults)
    {
        ArgumentNullException.ThrowIfNull(detectorDefaults);
        return new DetectorThresholds(ScoreThreshold ?? detectorDefaults.Score, NmsIou ?? detectorDefaults.NmsIou);
    }
}
