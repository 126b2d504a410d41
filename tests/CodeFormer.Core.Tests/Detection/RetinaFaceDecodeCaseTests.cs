using System.Text.Json;
using CodeFormer.Core.Detection;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// RetinaFace's post-processing from the recorded raw network outputs alone, against the official code's rows:
/// the same candidates, NMS decisions (the IoU exactly 0.4f suppresses), tie order, rows within 1e-3 px, then
/// get_face_landmarks_5 (÷ scale including the score, the off-by-one eye-distance filter, only_center_face).
/// </summary>
public sealed class RetinaFaceDecodeCaseTests(ITestOutputHelper output)
{
    private const float PixelTolerance = 1e-3f;

    public static TheoryData<string, string> Runs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in RetinaFaceCase.Names)
            {
                foreach (var run in RetinaFaceCase.Load(name).Runs)
                {
                    data.Add(name, run.GetProperty("name").GetString()!);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Detect_faces_rows_match_the_official_ones(string name, string runName)
    {
        var (c, run, rows) = Decode(name, runName);
        var expected = run.GetProperty("detect_faces");
        var expectedRows = RetinaFaceCase.Rows(expected.GetProperty("rows"));
        int[] expectedPriors = expected.GetProperty("prior_of_row").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(expectedPriors, rows.Select(r => r.Prior).ToArray());
        float worst = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            for (int k = 0; k < RetinaFaceRow.Length; k++)
            {
                worst = MathF.Max(worst, MathF.Abs(rows[i].Values[k] - expectedRows[i][k]));
            }

            Assert.Equal(expectedRows[i][4], rows[i].Score);
        }

        output.WriteLine($"{name}/{runName}: {rows.Count} rows, max |Δ| {worst:G3} px ({c.DetectorWidth}x{c.DetectorHeight})");
        Assert.True(worst <= PixelTolerance, $"max |Δ| {worst} px");
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Get_face_landmarks_5_matches_the_official_one(string name, string runName)
    {
        var (c, run, rows) = Decode(name, runName);
        var expected = run.GetProperty("get_face_landmarks_5");
        var divided = RetinaFaceLandmarks.DivideByScale(rows, (float)c.Scale);
        AssertRows(RetinaFaceCase.Rows(expected.GetProperty("rows_divided_by_scale")), divided);
        Assert.Equal(
            expected.GetProperty("eye_dist_as_official").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            divided.Select(d => RetinaFaceLandmarks.OfficialEyeDistance(d)).ToArray(),
            (a, b) => MathF.Abs(a - b) <= 1e-3f);
        Assert.Equal(expected.GetProperty("kept_rows").EnumerateArray().Select(e => e.GetInt32()), RetinaFaceLandmarks.Kept(divided, 5));

        var faces = RetinaFaceLandmarks.ToFaces(rows, (float)c.Scale, c.ImageWidth, c.ImageHeight, 5, onlyCenterFace: false, largestFace: false);
        Assert.Equal(expected.GetProperty("returned").GetInt32(), faces.Count);
        var landmarks = expected.GetProperty("all_landmarks_5").EnumerateArray().ToArray();
        var boxes = RetinaFaceCase.Rows(expected.GetProperty("det_faces"));
        for (int i = 0; i < faces.Count; i++)
        {
            var points = landmarks[i].EnumerateArray().ToArray();
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(points[k][0].GetDouble(), faces[i].Landmarks.Points[k].X, PixelTolerance);
                Assert.Equal(points[k][1].GetDouble(), faces[i].Landmarks.Points[k].Y, PixelTolerance);
            }

            Assert.Equal(boxes[i][0], faces[i].Box.Left, PixelTolerance);
            Assert.Equal(boxes[i][1], faces[i].Box.Top, PixelTolerance);
            Assert.Equal(boxes[i][2], faces[i].Box.Right, PixelTolerance);
            Assert.Equal(boxes[i][3], faces[i].Box.Bottom, PixelTolerance);
        }

        var centre = run.GetProperty("only_center_face");
        var chosen = RetinaFaceLandmarks.ToFaces(rows, (float)c.Scale, c.ImageWidth, c.ImageHeight, 5, onlyCenterFace: true, largestFace: false);
        Assert.Equal(centre.GetProperty("returned").GetInt32(), chosen.Count);
        if (chosen.Count == 1)
        {
            var expectedBox = RetinaFaceCase.Rows(centre.GetProperty("det_faces"))[0];
            Assert.Equal(expectedBox[0], chosen[0].Box.Left, PixelTolerance);
            Assert.Equal(expectedBox[1], chosen[0].Box.Top, PixelTolerance);
        }
    }

    [Fact]
    public void Priors_match_the_recorded_ones_bit_for_bit()
    {
        foreach (string network in (string[])["retinaface_resnet50", "retinaface_mobilenet0.25"])
        {
            var expected = FloatArrays.Read(SharedData.File("family", network, "priors.bin"));
            var priors = RetinaFacePriors.For(1013, 640);
            Assert.Equal(26720, priors.Count);
            Assert.Equal(expected, priors.Values);
        }
    }

    [Fact]
    public void Input_tensor_from_the_working_image_matches_the_recorded_one()
    {
        // Case 03: input_img (512 × 910) → the official 640 resize (1137 × 640, truncated) → BGR minus the mean.
        var c = RetinaFaceCase.Load("03");
        var image = ImageFiles.ReadRgb(Path.Combine(c.Folder, "input_img.png"));
        var (w, h, scale) = RetinaFaceFinder.DetectionSize(image.Width, image.Height, 640);
        Assert.Equal((c.DetectorWidth, c.DetectorHeight, c.Scale), (w, h, scale));
        var resized = Core.Imaging.BilinearResize.Resize(image, w, h);
        var tensor = RetinaFaceDetector.InputTensor(resized);
        var expected = c.Tensor("input");
        float worst = FloatArrays.MaxAbsDifference(expected, tensor);
        int differing = expected.Where((v, i) => v != tensor[i]).Count();
        output.WriteLine($"03 input: max |Δ| {worst}, {differing} of {expected.Length} values differ");
        Assert.True(worst <= 1, $"max |Δ| {worst}");
    }

    [Theory]
    [InlineData(310, 491, 1013, 640)]
    [InlineData(581, 800, 881, 639)]
    [InlineData(1200, 1600, 853, 640)]
    public void Detection_size_truncates_like_the_official_resize(int height, int width, int expectedWidth, int expectedHeight)
    {
        var (w, h, _) = RetinaFaceFinder.DetectionSize(width, height, 640);
        Assert.Equal((expectedWidth, expectedHeight), (w, h));
    }

    private static (RetinaFaceCase Case, JsonElement Run, List<RetinaFaceRow> Rows) Decode(string name, string runName)
    {
        var c = RetinaFaceCase.Load(name);
        var run = c.Runs.Single(r => r.GetProperty("name").GetString() == runName);
        var priors = RetinaFacePriors.For(c.DetectorWidth, c.DetectorHeight);
        var rows = RetinaFaceDecoder.Decode(
            c.Tensor("loc"), c.Tensor("conf"), c.Tensor("landmarks"), priors, run.GetProperty("conf_threshold").GetSingle(), run.GetProperty("nms_threshold").GetDouble());
        return (c, run, rows);
    }

    private static void AssertRows(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            for (int k = 0; k < RetinaFaceRow.Length; k++)
            {
                Assert.True(MathF.Abs(expected[i][k] - actual[i][k]) <= (k == 4 ? 1e-4f : PixelTolerance), $"row {i} column {k}: {expected[i][k]} vs {actual[i][k]}");
            }
        }
    }
}
