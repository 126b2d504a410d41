using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Detection;

/// <summary>
/// Turns YuNet's (2023mar) raw outputs for one stride into faces. Each cell (row r, column c) of the stride's
/// grid holds a class and an objectness probability (score = √(cls·obj), both clamped to [0, 1]), a box
/// (centre offset in cells, log width and height in strides) and five keypoints (offsets in cells): the
/// image-left eye, image-right eye, nose tip, image-left mouth corner, image-right mouth corner. The decoded
/// coordinates are OpenCV's (pixel centres at integers), as its FaceDetectorYN reports them.
/// </summary>
public static class YuNetDecoder
{
    public const int BoxLength = 4;

    public const int KeypointLength = 10;

    /// <summary>Appends every cell scoring at least <paramref name="threshold"/>, mapped through <paramref name="window"/>.</summary>
    public static void Decode(
        ReadOnlySpan<float> cls,
        ReadOnlySpan<float> obj,
        ReadOnlySpan<float> box,
        ReadOnlySpan<float> keypoints,
        int stride,
        int rows,
        int columns,
        SampleWindow window,
        float threshold,
        List<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        int cells = rows * columns;
        if (cls.Length != cells || obj.Length != cells || box.Length != cells * BoxLength || keypoints.Length != cells * KeypointLength)
        {
            throw new ArgumentException(
                $"Stride {stride}: {cls.Length} scores, {obj.Length} objectness, {box.Length} box and {keypoints.Length} keypoint values do not fit a {columns}x{rows} grid.");
        }

        for (int i = 0; i < cells; i++)
        {
            float score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
            if (score < threshold)
            {
                continue;
            }

            int row = i / columns, column = i % columns;
            var b = box.Slice(i * BoxLength, BoxLength);
            double cx = (column + b[0]) * stride, cy = (row + b[1]) * stride;
            double halfW = Math.Exp(b[2]) * stride / 2, halfH = Math.Exp(b[3]) * stride / 2;
            var k = keypoints.Slice(i * KeypointLength, KeypointLength);
            var points = new Point2[5];
            for (int p = 0; p < points.Length; p++)
            {
                points[p] = window.ToImage(new Point2((k[2 * p] + column) * stride, (k[(2 * p) + 1] + row) * stride));
            }

            var faceBox = window.ToImage(new FaceBox(cx - halfW, cy - halfH, cx + halfW, cy + halfH));
            faces.Add(new DetectedFace(faceBox, score, new FaceLandmarks(LandmarkLayout.EyesNoseMouthCorners, points)));
        }
    }
}
