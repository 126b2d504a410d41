namespace CodeFormer.Core.Detection;

/// <summary>A detector's own cut-offs: the lowest face score kept and the box overlap above which two detections are one face.</summary>
public sealed record DetectorThresholds
{
    public DetectorThresholds(float score, float nmsIou)
    {
        if (!(score >= 0 && score <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "The score threshold must lie in [0, 1].");
        }

        if (!(nmsIou > 0 && nmsIou <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(nmsIou), nmsIou, "The NMS IoU threshold must lie in (0, 1].");
        }

        Score = score;
        NmsIou = nmsIou;
    }

    public float Score { get; }

    public float NmsIou { get; }
}
