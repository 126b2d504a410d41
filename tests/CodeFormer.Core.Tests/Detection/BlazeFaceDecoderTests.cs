using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class BlazeFaceDecoderTests
{
    private static readonly Point2[] s_anchors = BlazeFaceAnchors.Create();

    [Fact]
    public void Decodes_box_and_keypoints_relative_to_the_anchor_and_maps_them_through_the_window()
    {
        // Coarse anchor 88 = cell 14 of the 8×8 grid: column 6, row 1, centre (6.5/8, 1.5/8) of a 256 input.
        var logits = Enumerable.Repeat(-10f, 384).ToArray();
        var regressors = new float[384 * 16];
        logits[88] = 2f;
        float[] r = [3, -2, 40, 50, -10, -5, 10, -5, 0, 5, 0, 15, -20, 0, 20, 0];
        r.CopyTo(regressors, 88 * 16);
        var window = SampleWindow.Letterbox(512, 256, 256); // scale 2, the image's top 128 px below the input's

        var faces = new List<DetectedFace>();
        BlazeFaceDecoder.Decode(logits, regressors, s_anchors.AsSpan(512), 256, window, 0.5f, faces);

        var face = Assert.Single(faces);
        double ax = 6.5 / 8 * 256, ay = 1.5 / 8 * 256;
        // MediaPipe's x (edge at 0) is pixel-centre x + 0.5 in the input; the window maps centre to centre:
        // image = left + (x − 0.5 + 0.5)·2 − 0.5.
        Point2 Image(double x, double y) => new((2 * x) - 0.5, (2 * y) - 128 - 0.5);
        Assert.Equal(1 / (1 + Math.Exp(-2)), face.Score, 6);
        AssertNear(Image(ax + 3 - 20, ay - 2 - 25), new Point2(face.Box.Left, face.Box.Top));
        AssertNear(Image(ax + 3 + 20, ay - 2 + 25), new Point2(face.Box.Right, face.Box.Bottom));
        Assert.Equal(LandmarkLayout.EyesNoseMouthCentre, face.Landmarks.Layout);
        AssertNear(Image(ax - 10, ay - 5), face.Landmarks.LeftEye);   // the subject's right eye
        AssertNear(Image(ax + 10, ay - 5), face.Landmarks.RightEye);
        AssertNear(Image(ax, ay + 5), face.Landmarks.Nose);
        AssertNear(Image(ax, ay + 15), face.Landmarks.Points[3]);
    }

    [Fact]
    public void Keeps_only_anchors_at_or_above_the_threshold()
    {
        var logits = new float[512];
        var regressors = new float[512 * 16];
        for (int i = 0; i < 512; i++)
        {
            logits[i] = i % 2 == 0 ? -1f : 1f; // 0.27 and 0.73
            regressors[(i * 16) + 2] = regressors[(i * 16) + 3] = 10;
        }

        var faces = new List<DetectedFace>();
        BlazeFaceDecoder.Decode(logits, regressors, s_anchors.AsSpan(0, 512), 128, new SampleWindow(0, 0, 1), 0.5f, faces);

        Assert.Equal(256, faces.Count);
    }

    [Fact]
    public void Rejects_outputs_that_do_not_match_the_anchors()
    {
        var faces = new List<DetectedFace>();

        Assert.Throws<ArgumentException>(() =>
            BlazeFaceDecoder.Decode(new float[512], new float[384 * 16], s_anchors.AsSpan(0, 512), 256, new SampleWindow(0, 0, 1), 0.5f, faces));
    }

    private static void AssertNear(Point2 expected, Point2 actual) =>
        Assert.True(expected.DistanceTo(actual) < 1e-4, $"expected {expected}, got {actual}");
}
