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
    /// detection whose box and landmarks are the score-weighted mean of the group, with the best score.
    /// Averaging several anchors (and several passes) steadies the landmarks.
    /// </summary>
    public static List<DetectedFace> Weighted(IEnumerable<DetectedFace> detections, double iouThreshold)
    {
        var remaining = SortByScore(detections);
        var merged = new List<DetectedFace>();
        var group = new List<DetectedFace>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            group.Clear();
            remaining.RemoveAll(face =>
            {
                bool member = ReferenceEquals(face, best) || best.Box.IntersectionOverUnion(face.Box) > iouThreshold;
                if (member)
                {
                    group.Add(face);
                }

                return member;
            });
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

    private static DetectedFace WeightedMean(List<DetectedFace> group, float score)
    {
        var layout = group[0].Landmarks.Layout;
        int points = FaceLandmarks.PointCount(layout);
        double total = 0, left = 0, top = 0, right = 0, bottom = 0;
        var sums = new Point2[points];
        foreach (var face in group)
        {
            double w = face.Score;
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
            return group[0];
        }

        for (int p = 0; p < points; p++)
        {
            sums[p] *= 1 / total;
        }

        return new DetectedFace(new FaceBox(left / total, top / total, right / total, bottom / total), score, new FaceLandmarks(layout, sums));
    }
}
