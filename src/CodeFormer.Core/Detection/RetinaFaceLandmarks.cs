using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// The official <c>get_face_landmarks_5</c> after <c>detect_faces</c>: rows mapped back to the working image by
/// dividing by the resize scale, the eye-distance filter, and the largest- or centre-face choice. Every quirk of
/// the official code is kept (see the comments); <see cref="RetinaFaceFinder"/> runs it after detection.
/// </summary>
public static class RetinaFaceLandmarks
{
    /// <summary>
    /// Each row divided by <paramref name="scale"/> in float32, the score column too (the official code divides the
    /// whole row: <c>bboxes / scale</c>). It divides by the one scale even though the truncated resize gives the
    /// two axes slightly different true ratios.
    /// </summary>
    public static float[][] DivideByScale(IEnumerable<RetinaFaceRow> rows, float scale)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => r.Values.Select(v => v / scale).ToArray()).ToArray();
    }

    /// <summary>
    /// The official "eye distance" of a divided row: sqrt((b[6] − b[8])² + (b[7] − b[9])²) in float32. Its indices
    /// are one off (facexlib reads b[5]…b[8]), so it is |eye0.y − eye1.y| combined with |eye1.x − nose.x|, not
    /// the distance between the eyes; replicated because it decides which faces are kept.
    /// </summary>
    public static float OfficialEyeDistance(ReadOnlySpan<float> b)
    {
        float dx = b[6] - b[8], dy = b[7] - b[9];
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Indices of the divided rows the eye-distance filter keeps (rows under the threshold are skipped), in order.</summary>
    public static List<int> Kept(IReadOnlyList<float[]> divided, double eyeDistanceThreshold)
    {
        ArgumentNullException.ThrowIfNull(divided);
        var kept = new List<int>();
        for (int i = 0; i < divided.Count; i++)
        {
            if (!(OfficialEyeDistance(divided[i]) < eyeDistanceThreshold))
            {
                kept.Add(i);
            }
        }

        return kept;
    }

    /// <summary>
    /// The whole mapping: rows in detector-input pixels → faces in working-image pixels (width × height), after the
    /// filter and the optional single-face choice. Faces carry the network's score (the official code divides it
    /// by the scale as well, but never reads it again).
    /// </summary>
    public static IReadOnlyList<DetectedFace> ToFaces(
        IReadOnlyList<RetinaFaceRow> rows, float scale, int width, int height, double eyeDistanceThreshold, bool onlyCenterFace, bool largestFace)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var divided = DivideByScale(rows, scale);
        var faces = Kept(divided, eyeDistanceThreshold).Select(i => ToFace(divided[i], rows[i].Score)).ToList();
        if (faces.Count == 0)
        {
            return faces;
        }

        // As the official helper: only_keep_largest wins over only_center_face; argmax/argmin take the first on ties.
        if (largestFace)
        {
            return [faces[IndexOfMax(faces, f => ClampedArea(f.Box, width, height))]];
        }

        if (onlyCenterFace)
        {
            var centre = new Point2(width / 2.0, height / 2.0);
            return [faces[IndexOfMax(faces, f => -f.Box.Centre.DistanceTo(centre))]];
        }

        return faces;
    }

    private static DetectedFace ToFace(float[] b, float score)
    {
        var points = new Point2[5];
        for (int k = 0; k < 5; k++)
        {
            points[k] = new Point2(b[5 + (2 * k)], b[6 + (2 * k)]);
        }

        return new DetectedFace(new FaceBox(b[0], b[1], b[2], b[3]), score, new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, points));
    }

    /// <summary>get_largest_face: the box clamped to the image (x1, y1 at 0; x2, y2 at w, h) before its area.</summary>
    private static double ClampedArea(FaceBox box, int width, int height) =>
        (Math.Min(width, box.Right) - Math.Max(0, box.Left)) * (Math.Min(height, box.Bottom) - Math.Max(0, box.Top));

    private static int IndexOfMax(List<DetectedFace> faces, Func<DetectedFace, double> value)
    {
        int best = 0;
        for (int i = 1; i < faces.Count; i++)
        {
            if (value(faces[i]) > value(faces[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
