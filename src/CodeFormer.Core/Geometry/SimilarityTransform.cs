namespace CodeFormer.Core.Geometry;

/// <summary>
/// Least-squares similarity transform (rotation, uniform scale, shift; no reflection) between point sets.
/// On landmarks that fit a similarity exactly this equals the official LMEDS fit of
/// <c>cv2.estimateAffinePartial2D</c>; on noisy detections it uses every point rather than a median subset.
/// </summary>
public static class SimilarityTransform
{
    public static AffineMatrix Fit(IReadOnlyList<Point2> from, IReadOnlyList<Point2> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count != to.Count || from.Count < 2)
        {
            throw new ArgumentException($"A similarity fit needs at least two matching point pairs, got {from.Count} and {to.Count}.");
        }

        int n = from.Count;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++)
        {
            fx += from[i].X;
            fy += from[i].Y;
            tx += to[i].X;
            ty += to[i].Y;
        }

        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;

        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double px = from[i].X - fx, py = from[i].Y - fy;
            double qx = to[i].X - tx, qy = to[i].Y - ty;
            dot += (px * qx) + (py * qy);
            cross += (px * qy) - (py * qx);
            norm += (px * px) + (py * py);
        }

        if (norm <= 0 || !double.IsFinite(norm))
        {
            throw new ArgumentException("The source points coincide; no similarity transform is defined.", nameof(from));
        }

        double a = dot / norm, b = cross / norm;
        return new AffineMatrix(a, -b, tx - (a * fx) + (b * fy), b, a, ty - (b * fx) - (a * fy));
    }
}
