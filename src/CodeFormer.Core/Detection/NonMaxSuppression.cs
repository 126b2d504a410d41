using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>Reduces overlapping detections of one face to one detection.</summary>
public static class NonMaxSuppression
{
    /// <summary>Keeps the best-scoring detection of each overlapping group (OpenCV's and RetinaFace's NMS).</summary>
    public static List<DetectedFace> Hard(IEnumerable<DetectedFace> detections, double iouThreshold)
    {
        var sorted = SortByScore(detections);
        var kept = new List<DetectedFace>();
        foreach (var face in sorted)
        {
            if (!kept.Exists(k => k.Box.IntersectionOverUnion(face.Box) > iouThreshold))
            {
                kept.Add(face);
            }
        }

        return kept;
    }

    /// <summary>
    /// MediaPipe's weighted NMS: each group of detections overlapping the best remaining one becomes one
    /// detection whose box and landmarks are the weighted mean of the group, with the best score. A detection's
    /// weight is its score times its <paramref name="precisions"/> entry (1 when none are given): across passes
    /// at different scales, the inverse variance of its landmarks in image pixels.
    /// </summary>
    public static List<DetectedFace> Weighted(IReadOnlyList<DetectedFace> detections, double iouThreshold, IReadOnlyList<double>? precisions = null)
    {
        ArgumentNullException.ThrowIfNull(detections);
        if (precisions is not null && precisions.Count != detections.Count)
        {
            throw new ArgumentException($"{precisions.Count} precisions for {detections.Count} detections.", nameof(precisions));
        }

        var order = Enumerable.Range(0, detections.Count).OrderByDescending(i => detections[i].Score).ToArray();
        var taken = new bool[detections.Count];
        var merged = new List<DetectedFace>();
        var group = new List<(DetectedFace Face, double Weight)>();
        foreach (int i in order)
        {
            if (taken[i])
            {
                continue;
            }

            var best = detections[i];
            group.Clear();
            foreach (int j in order)
            {
                if (!taken[j] && (j == i || best.Box.IntersectionOverUnion(detections[j].Box) > iouThreshold))
                {
                    taken[j] = true;
                    group.Add((detections[j], detections[j].Score * (precisions?[j] ?? 1)));
                }
            }

            merged.Add(group.Count == 1 ? best : WeightedMean(group, best.Score));
        }

        return merged;
    }

    private static List<DetectedFace> SortByScore(IEnumerable<DetectedFace> detections)
    {
        ArgumentNullException.ThrowIfNull(detections);
        var sorted = detections.ToList();
        sorted.Sort((a, b) => b.Score.CompareTo(a.Score));
        return sorted;
    }

    private static DetectedFace WeightedMean(List<(DetectedFace Face, double Weight)> group, float score)
    {
        var layout = group[0].Face.Landmarks.Layout;
        int points = FaceLandmarks.PointCount(layout);
        double total = 0, left = 0, top = 0, right = 0, bottom = 0;
        var sums = new Point2[points];
        foreach (var (face, w) in group)
        {
            total += w;
            left += w * face.Box.Left;
            top += w * face.Box.Top;
            right += w * face.Box.Right;
            bottom += w * face.Box.Bottom;
            for (int p = 0; p < points; p++)
            {
                sums[p] += face.Landmarks.Points[p] * w;
            }
        }

        if (!(total > 0))
        {
            return group[0].Face;
        }

        for (int p = 0; p < points; p++)
        {
            sums[p] *= 1 / total;
        }

        return new DetectedFace(new FaceBox(left / total, top / total, right / total, bottom / total), score, new FaceLandmarks(layout, sums));
    }
}
