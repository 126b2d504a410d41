namespace CodeFormer.Core.Detection;

/// <summary>
/// The official <c>RetinaFace.detect_faces</c> after the network, float32 throughout: decode every prior's box and
/// landmarks with the variances (0.1, 0.2), keep scores strictly above the threshold, sort by score and run
/// torchvision's greedy NMS. Coordinates are in pixels of the detector input, unclipped.
/// </summary>
public static class RetinaFaceDecoder
{
    public const int LocLength = 4;
    public const int ConfLength = 2;
    public const int LandmarkLength = 10;

    private const float CentreVariance = 0.1f;
    private const float SizeVariance = 0.2f;

    /// <param name="loc">[P, 4] box regressions.</param>
    /// <param name="conf">[P, 2] softmax scores; column 1 is the face score.</param>
    /// <param name="landmarks">[P, 10] landmark regressions.</param>
    /// <param name="scoreThreshold">Scores must exceed it (float32 comparison: a score of exactly the threshold is dropped).</param>
    /// <param name="nmsThreshold">A box whose IoU with a kept one exceeds it is suppressed; a double, as torchvision compares.</param>
    public static List<RetinaFaceRow> Decode(
        ReadOnlySpan<float> loc, ReadOnlySpan<float> conf, ReadOnlySpan<float> landmarks, RetinaFacePriors priors, float scoreThreshold, double nmsThreshold)
    {
        ArgumentNullException.ThrowIfNull(priors);
        int count = priors.Count;
        if (loc.Length != count * LocLength || conf.Length != count * ConfLength || landmarks.Length != count * LandmarkLength)
        {
            throw new ArgumentException(
                $"{loc.Length / LocLength} box, {conf.Length / ConfLength} score and {landmarks.Length / LandmarkLength} landmark rows do not fit the {count} priors of a {priors.Width}x{priors.Height} input.");
        }

        var candidates = new List<RetinaFaceRow>();
        for (int i = 0; i < count; i++)
        {
            float score = conf[(i * ConfLength) + 1];
            if (score > scoreThreshold)
            {
                candidates.Add(DecodeRow(i, loc.Slice(i * LocLength, LocLength), landmarks.Slice(i * LandmarkLength, LandmarkLength), score, priors));
            }
        }

        // Equal scores follow no rule in the official code; in its reference environment (NumPy's reversed argsort,
        // then torchvision's sort, both insertion sorts up to 16 candidates) they come out later prior first.
        candidates.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Prior.CompareTo(a.Prior));
        return Suppress(candidates, nmsThreshold);
    }

    /// <summary>One prior's row, every operation in float32 in the official order.</summary>
    public static RetinaFaceRow DecodeRow(int prior, ReadOnlySpan<float> l, ReadOnlySpan<float> m, float score, RetinaFacePriors priors)
    {
        var p = priors.Values.AsSpan(prior * 4, 4);
        float width = priors.Width, height = priors.Height;
        float cx = p[0] + (l[0] * CentreVariance * p[2]);
        float cy = p[1] + (l[1] * CentreVariance * p[3]);
        float w = p[2] * MathF.Exp(l[2] * SizeVariance);
        float h = p[3] * MathF.Exp(l[3] * SizeVariance);
        float x1 = cx - (w / 2), y1 = cy - (h / 2);
        // The official code adds the size to the already rounded x1, y1 (boxes[:, 2:] += boxes[:, :2]), not cx + w/2.
        float x2 = w + x1, y2 = h + y1;
        var values = new float[RetinaFaceRow.Length];
        values[0] = x1 * width;
        values[1] = y1 * height;
        values[2] = x2 * width;
        values[3] = y2 * height;
        values[4] = score;
        for (int k = 0; k < 5; k++)
        {
            values[5 + (2 * k)] = (p[0] + (m[2 * k] * CentreVariance * p[2])) * width;
            values[6 + (2 * k)] = (p[1] + (m[(2 * k) + 1] * CentreVariance * p[3])) * height;
        }

        return new RetinaFaceRow(prior, values);
    }

    /// <summary>
    /// torchvision's CPU <c>nms</c> on rows already in order: areas without the +1, IoU in float32, compared in
    /// double with the threshold (so an IoU of exactly 0.4f suppresses at 0.4).
    /// </summary>
    public static List<RetinaFaceRow> Suppress(IReadOnlyList<RetinaFaceRow> sorted, double nmsThreshold)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var suppressed = new bool[sorted.Count];
        var kept = new List<RetinaFaceRow>();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (suppressed[i])
            {
                continue;
            }

            var a = sorted[i];
            kept.Add(a);
            float areaA = (a.X2 - a.X1) * (a.Y2 - a.Y1);
            for (int j = i + 1; j < sorted.Count; j++)
            {
                if (!suppressed[j] && (double)Iou(a, areaA, sorted[j]) > nmsThreshold)
                {
                    suppressed[j] = true;
                }
            }
        }

        return kept;
    }

    private static float Iou(RetinaFaceRow a, float areaA, RetinaFaceRow b)
    {
        float w = MathF.Max(0f, MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1));
        float h = MathF.Max(0f, MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1));
        float inter = w * h;
        float areaB = (b.X2 - b.X1) * (b.Y2 - b.Y1);
        return inter / (areaA + areaB - inter);
    }
}
