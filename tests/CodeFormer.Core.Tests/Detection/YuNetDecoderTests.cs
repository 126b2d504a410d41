using CodeFormer.Core.Detection;
using CodeFormer.Core.Geometry;

namespace CodeFormer.Core.Tests.Detection;

public sealed class YuNetDecoderTests
{
    [Fact]
    public void Decodes_a_cell_as_offsets_in_cells_and_log_sizes_in_strides()
    {
        // Stride 16, a 3×2 grid; cell 5 is row 1, column 2.
        var cls = new float[6];
        var obj = new float[6];
        var box = new float[6 * 4];
        var kps = new float[6 * 10];
        cls[5] = 0.81f;
        obj[5] = 1f;
        float[] b = [0.5f, 0.25f, MathF.Log(2), MathF.Log(3)];
        b.CopyTo(box, 5 * 4);
        float[] k = [0.1f, 0.2f, 0.9f, 0.2f, 0.5f, 0.6f, 0.2f, 1.0f, 0.8f, 1.0f];
        k.CopyTo(kps, 5 * 10);

        var faces = new List<DetectedFace>();
        YuNetDecoder.Decode(cls, obj, box, kps, 16, 2, 3, new SampleWindow(0, 0, 2), 0.5f, faces);

        var face = Assert.Single(faces);
        Assert.Equal(0.9f, face.Score, 5);
        // Centre ((2 + 0.5)·16, (1 + 0.25)·16) = (40, 20), size 32×48; the window maps x to (x + 0.5)·2 − 0.5.
        Assert.Equal(new FaceBox(48.5, -7.5, 112.5, 88.5), Rounded(face.Box));
        Assert.Equal(LandmarkLayout.EyesNoseMouthCorners, face.Landmarks.Layout);
        for (int p = 0; p < 5; p++)
        {
            var expected = new Point2((2 * (k[2 * p] + 2) * 16) + 0.5, (2 * (k[(2 * p) + 1] + 1) * 16) + 0.5);
            Assert.True(expected.DistanceTo(face.Landmarks.Points[p]) < 1e-3, $"point {p}: {face.Landmarks.Points[p]} vs {expected}");
        }
    }

    [Fact]
    public void Clamps_probabilities_before_the_geometric_mean()
    {
        float[] cls = [1.5f, 0.95f];
        float[] obj = [0.5f, -0.2f];

        var faces = new List<DetectedFace>();
        YuNetDecoder.Decode(cls, obj, new float[8], new float[20], 8, 1, 2, new SampleWindow(0, 0, 1), 0f, faces);

        Assert.Equal(MathF.Sqrt(0.5f), faces[0].Score, 6);
        Assert.Equal(0f, faces[1].Score);
    }

    [Fact]
    public void Rejects_outputs_that_do_not_fit_the_grid()
    {
        var faces = new List<DetectedFace>();

        Assert.Throws<ArgumentException>(() =>
            YuNetDecoder.Decode(new float[6], new float[6], new float[24], new float[60], 16, 3, 3, new SampleWindow(0, 0, 1), 0.5f, faces));
    }

    private static FaceBox Rounded(FaceBox b) => new(Math.Round(b.Left, 3), Math.Round(b.Top, 3), Math.Round(b.Right, 3), Math.Round(b.Bottom, 3));
}
