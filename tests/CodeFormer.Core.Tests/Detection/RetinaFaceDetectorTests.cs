using CodeFormer.Core.Detection;
using CodeFormer.Core.Inference;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>
/// The detector over a real ONNX Runtime session whose graph replays a case's recorded raw outputs (the rule-weight
/// network itself is tested where it is built): the signature is read from the session, the outputs are told apart
/// by shape whatever their names and order, and the official wrapper's resize and mapping give the case's faces.
/// </summary>
public sealed class RetinaFaceDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Replayed_synthetic_outputs_give_the_official_faces_through_the_whole_wrapper()
    {
        var c = RetinaFaceCase.Load("synthetic");
        var run = c.Runs.Single();
        using var detector = new RetinaFaceDetector(ModelSource.FromBytes("replay.onnx", ReplayModel(c)));
        var image = ImageFiles.ReadRgb(SharedData.File("family", "retinaface_resnet50", "cases", "00", "input_img.png"));
        Assert.Equal((c.ImageWidth, c.ImageHeight), (image.Width, image.Height));

        var faces = new RetinaFaceFinder(detector).Find(image);

        var expected = run.GetProperty("get_face_landmarks_5");
        var landmarks = expected.GetProperty("all_landmarks_5").EnumerateArray().ToArray();
        Assert.Equal(landmarks.Length, faces.Count);
        double worst = 0;
        for (int i = 0; i < faces.Count; i++)
        {
            var points = landmarks[i].EnumerateArray().ToArray();
            for (int k = 0; k < 5; k++)
            {
                worst = Math.Max(worst, Math.Abs(points[k][0].GetDouble() - faces[i].Landmarks.Points[k].X));
                worst = Math.Max(worst, Math.Abs(points[k][1].GetDouble() - faces[i].Landmarks.Points[k].Y));
            }
        }

        output.WriteLine($"{faces.Count} faces, landmarks max |Δ| {worst:G3} px");
        Assert.True(worst <= 1e-3, $"max |Δ| {worst}");
        Assert.All(faces, f => Assert.Equal(Core.Geometry.LandmarkLayout.EyesNoseMouthCorners, f.Landmarks.Layout));
    }

    [Fact]
    public void Only_center_face_keeps_the_official_choice()
    {
        var c = RetinaFaceCase.Load("synthetic_tie");
        using var detector = new RetinaFaceDetector(ModelSource.FromBytes("replay.onnx", ReplayModel(c)));
        var image = ImageFiles.ReadRgb(SharedData.File("family", "retinaface_resnet50", "cases", "00", "input_img.png"));
        var faces = new RetinaFaceFinder(detector, DetectionOptions.Default with { OnlyCenterFace = true }).Find(image);
        var expected = RetinaFaceCase.Rows(c.Runs.Single().GetProperty("only_center_face").GetProperty("det_faces"))[0];
        var face = Assert.Single(faces);
        Assert.Equal(expected[0], face.Box.Left, 1e-3);
        Assert.Equal(expected[3], face.Box.Bottom, 1e-3);
    }

    [Fact]
    public void A_model_without_the_three_outputs_is_refused_by_naming_what_it_has()
    {
        var g = new OnnxGraphBuilder("not-retinaface");
        string x = g.AddInput("image", OnnxElementType.Float, 1, 3, "H", "W");
        g.AddOutput(g.Node("Identity", [x]), "out", OnnxElementType.Float, 1, 3, "H", "W");
        var ex = Assert.Throws<IncompatibleModelException>(() => new RetinaFaceDetector(ModelSource.FromBytes("wrong.onnx", g.Build().ToArray())));
        Assert.Contains("out", ex.Message);
        Assert.Contains("[1, P, 10]", ex.Message);
    }

    private static byte[] ReplayModel(RetinaFaceCase c) => ReplayModels.RetinaFace(c.Folder, c.DetectorWidth, c.DetectorHeight);
}
