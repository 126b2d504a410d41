using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Turns BlazeFace's raw outputs into faces. Each anchor has a score logit and 16 regressors in input pixels
/// relative to the anchor centre: box centre x, y, width, height, then six keypoints — the subject's right eye,
/// left eye, nose tip, mouth centre, right ear, left ear. The subject's right eye is the image-left one.
/// MediaPipe's coordinates put the input's left edge at 0 (its pixel centres at i + 0.5); they are moved half a
/// pixel to the pixel-centre coordinates <see cref="SampleWindow"/> maps.
/// </summary>
public static class BlazeFaceDecoder
{
    public const int RegressorLength = 16;

    /// <summary>The keypoints kept: both eyes, nose tip, mouth centre (the ears do not help alignment).</summary>
    private const int Landmarks = 4;

    /// <summary>Logits are clipped here before the sigmoid, as MediaPipe does.</summary>
    private const float LogitClip = 100f;

    /// <summary>Appends to <paramref name="faces"/> every anchor scoring at least <paramref name="threshold"/>, mapped through <paramref name="window"/>.</summary>
    public static void Decode(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> regressors,
        ReadOnlySpan<Point2> anchors,
        int inputSize,
        SampleWindow window,
        float threshold,
        List<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (logits.Length != anchors.Length || regressors.Length != anchors.Length * RegressorLength)
        {
            throw new ArgumentException(
                $"Expected {anchors.Length} scores and {anchors.Length * RegressorLength} regressors, got {logits.Length} and {regressors.Length}.");
        }

        for (int i = 0; i < anchors.Length; i++)
        {
            float score = Sigmoid(logits[i]);
            if (score < threshold)
            {
                continue;
            }

            var r = regressors.Slice(i * RegressorLength, RegressorLength);
            double ax = (anchors[i].X * inputSize) - 0.5, ay = (anchors[i].Y * inputSize) - 0.5;
            double cx = ax + r[0], cy = ay + r[1], halfW = r[2] / 2.0, halfH = r[3] / 2.0;
            if (!(halfW > 0 && halfH > 0))
            {
                continue;
            }

            var box = window.ToImage(new FaceBox(cx - halfW, cy - halfH, cx + halfW, cy + halfH));
            var points = new Point2[Landmarks];
            for (int k = 0; k < Landmarks; k++)
            {
                points[k] = window.ToImage(new Point2(ax + r[4 + (2 * k)], ay + r[5 + (2 * k)]));
            }

            var landmarks = new FaceLandmarks(LandmarkLayout.EyesNoseMouthCentre, points);
            faces.Add(new DetectedFace(box, score, landmarks));
        }
    }

    public static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-Math.Clamp(logit, -LogitClip, LogitClip)));
}
