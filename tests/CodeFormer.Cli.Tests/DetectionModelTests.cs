using System.Text.Json;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>
/// `restore`'s detector and parse-mask choices: the official default (RetinaFace ResNet-50, ParseNet) when installed in
/// the models folder, the embedded BlazeFace and the square mask otherwise, each said in one line and recorded in
/// report.json. Installed models here are graphs replaying recorded outputs of the official networks.
/// </summary>
public sealed class DetectionModelTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _identityModel;
    private readonly string _photo = SharedData.File("family", "retinaface_resnet50", "cases", "00", "input_img.png");

    public DetectionModelTests()
    {
        _identityModel = _temp.File("identity.onnx");
        StandInModels.Identity().Save(_identityModel);
    }

    [Fact]
    public void Without_official_models_blazeface_runs_and_says_how_to_get_retinaface()
    {
        string models = _temp.File("empty-models");
        Directory.CreateDirectory(models);
        string output = _temp.File("out");

        var run = CliProcess.RunWithModels(models, "restore", _photo, "-o", output, "--model", _identityModel, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("detector: blazeface (embedded)", run.Output);
        Assert.Contains("models fetch retinaface-resnet50", run.Output);
        Assert.Contains("models fetch parsenet", run.Output);
        var input = Report(output);
        Assert.Equal("blazeface", input.GetProperty("detector").GetString());
        Assert.False(input.GetProperty("parsed").GetBoolean());
    }

    [Fact]
    public void With_retinaface_and_parsenet_installed_the_official_default_path_runs()
    {
        string models = InstalledModels();
        string output = _temp.File("out");

        var run = CliProcess.RunWithModels(models, "restore", _photo, "-o", output, "--model", _identityModel, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("detector: retinaface_resnet50", run.Output);
        Assert.Contains("parse masks: on", run.Output);
        var input = Report(output);
        Assert.Equal("retinaface_resnet50", input.GetProperty("detector").GetString());
        Assert.True(input.GetProperty("parsed").GetBoolean());
        // The synthetic case plants six faces that survive the official filter; the photo is the case's working image.
        var faces = input.GetProperty("faces");
        Assert.Equal(6, faces.GetArrayLength());
        Assert.Equal(5, faces[0].GetProperty("landmarks").GetArrayLength());
        Assert.Equal(384.77, faces[0].GetProperty("landmarks")[0][0].GetDouble(), 0.01);
    }

    [Fact]
    public void No_parse_and_explicit_detector_override_the_installed_defaults()
    {
        string models = InstalledModels();
        string output = _temp.File("out");

        var run = CliProcess.RunWithModels(models, "restore", _photo, "-o", output, "--model", _identityModel, "-s", "1", "--detection-model", "blazeface", "--no-parse");

        Assert.True(run.ExitCode == 0, run.Error);
        var input = Report(output);
        Assert.Equal("blazeface", input.GetProperty("detector").GetString());
        Assert.False(input.GetProperty("parsed").GetBoolean());
    }

    [Fact]
    public void Given_landmarks_skip_detection_but_still_parse_with_a_named_parse_model()
    {
        string parse = _temp.File("my-parsenet.onnx");
        File.WriteAllBytes(parse, ReplayModels.ParseNet());
        string golden = SharedData.File("golden", "two_faces_tilted");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(golden, "case.json")));
        string landmarks = _temp.File("faces.json");
        File.WriteAllText(landmarks, doc.RootElement.GetProperty("landmarks").GetRawText());
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", Path.Combine(golden, "input.png"), "-o", output, "--model", _identityModel, "-s", "1", "--landmarks", landmarks, "--parse-model", parse);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("detector:", run.Output);
        var input = Report(output);
        Assert.Equal("landmarks", input.GetProperty("detector").GetString());
        Assert.True(input.GetProperty("parsed").GetBoolean());
        Assert.Equal(2, input.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public void A_missing_retinaface_or_parse_model_fails_with_one_line()
    {
        var detector = CliProcess.Run("restore", _photo, "-o", _temp.File("o1"), "--model", _identityModel, "--detection-model", "retinaface_mobile0.25", "--detector-model", _temp.File("absent.onnx"));
        Assert.Equal(1, detector.ExitCode);
        Assert.StartsWith("error: ", detector.Error);
        Assert.Contains("absent.onnx", detector.Error);

        var parse = CliProcess.Run("restore", _photo, "-o", _temp.File("o2"), "--model", _identityModel, "--parse-model", _temp.File("absent-parse.onnx"));
        Assert.Equal(1, parse.ExitCode);
        Assert.Contains("absent-parse.onnx", parse.Error);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A models folder holding replay builds under the names `models fetch` installs.</summary>
    private string InstalledModels()
    {
        string models = _temp.File("models");
        Directory.CreateDirectory(models);
        File.WriteAllBytes(Path.Combine(models, "retinaface-resnet50.onnx"),
            ReplayModels.RetinaFace(SharedData.File("family", "retinaface_resnet50", "cases", "synthetic"), 1013, 640));
        File.WriteAllBytes(Path.Combine(models, "parsenet.onnx"), ReplayModels.ParseNet());
        return models;
    }

    private static JsonElement Report(string output)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        return report.RootElement.GetProperty("inputs")[0].Clone();
    }
}
