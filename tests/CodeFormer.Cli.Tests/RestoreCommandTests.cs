using System.Text.Json;
using CodeFormer.Core.Imaging;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer restore` as a user runs it: real files in, the official output layout and report out.</summary>
public sealed class RestoreCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _identityModel;

    public RestoreCommandTests()
    {
        _identityModel = _temp.File("identity.onnx");
        StandInModels.Identity().Save(_identityModel);
    }

    [Fact]
    public void Restoring_a_photo_writes_the_official_layout_and_a_report_of_the_faces()
    {
        string output = _temp.File("out");
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "00.jpg"), "-o", output, "--model", _identityModel, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "final_results", "00.png")));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "cropped_faces")).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "restored_faces")).Length);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var input = report.RootElement.GetProperty("inputs")[0];
        var faces = input.GetProperty("faces");
        Assert.Equal(4, faces.GetArrayLength());
        Assert.Equal(4, faces[0].GetProperty("box").GetArrayLength());
        Assert.Equal(4, faces[0].GetProperty("landmarks").GetArrayLength());
        Assert.True(input.GetProperty("timings").GetProperty("inferMs").GetDouble() > 0);
        // Identity network, upscale 1: the crops written are exactly the restored faces.
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "cropped_faces", "00_00.png")), File.ReadAllBytes(Path.Combine(output, "restored_faces", "00_00.png")));
    }

    [Fact]
    public void A_folder_run_keeps_going_past_a_bad_file_and_lists_it()
    {
        string inputs = _temp.File("in");
        Directory.CreateDirectory(inputs);
        File.Copy(SharedData.File("faces", "whole", "04.jpg"), Path.Combine(inputs, "good.jpg"));
        File.Copy(SharedData.File("hostile", "reject_html.jpg"), Path.Combine(inputs, "bad.jpg"));
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", inputs, "-o", output, "--model", _identityModel, "--format", "jpg");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1 of 2 inputs failed", run.Error);
        Assert.True(File.Exists(Path.Combine(output, "final_results", "good.jpg")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(1, report.RootElement.GetProperty("inputs").GetArrayLength());
        var failure = report.RootElement.GetProperty("failures")[0];
        Assert.EndsWith("bad.jpg", failure.GetProperty("input").GetString());
        Assert.False(string.IsNullOrWhiteSpace(failure.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Given_landmarks_skip_detection_and_are_reported_as_given()
    {
        string golden = SharedData.File("golden", "two_faces_tilted");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(golden, "case.json")));
        string landmarks = _temp.File("faces.json");
        File.WriteAllText(landmarks, doc.RootElement.GetProperty("landmarks").GetRawText());
        string output = _temp.File("out");

        var run = CliProcess.Run("restore", Path.Combine(golden, "input.png"), "-o", output, "--model", _identityModel, "--landmarks", landmarks, "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var faces = report.RootElement.GetProperty("inputs")[0].GetProperty("faces");
        Assert.Equal(2, faces.GetArrayLength());
        double x = doc.RootElement.GetProperty("landmarks")[1][0][0].GetDouble();
        Assert.Equal(Math.Round(x, 2), faces[1].GetProperty("landmarks")[0][0].GetDouble());
    }

    [Fact]
    public void YuNet_finds_the_same_faces_as_the_embedded_detector()
    {
        string output = _temp.File("out");
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "00.jpg"), "-o", output, "--model", _identityModel,
            "--detector", "yunet", "--detector-model", SharedData.File("models", "yunet-2023mar.onnx"), "-s", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var faces = report.RootElement.GetProperty("inputs")[0].GetProperty("faces");
        Assert.Equal(4, faces.GetArrayLength());
        Assert.Equal("EyesNoseMouthCorners", faces[0].GetProperty("landmarkLayout").GetString());
    }

    [Fact]
    public void A_missing_detector_model_fails_with_one_line()
    {
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "04.jpg"), "-o", _temp.File("out"), "--model", _identityModel,
            "--detector", "yunet", "--detector-model", _temp.File("absent-yunet.onnx"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error:", run.Error.Trim());
    }

    [Fact]
    public void Has_aligned_input_is_restored_without_detection()
    {
        string output = _temp.File("out");
        var run = CliProcess.Run("restore", SharedData.File("faces", "aligned", "0143.png"), "-o", output, "--model", _identityModel, "--has-aligned");

        Assert.True(run.ExitCode == 0, run.Error);
        var restored = ImageFiles.ReadRgb(Path.Combine(output, "restored_faces", "0143.png"));
        Assert.Equal(ImageFiles.ReadRgb(SharedData.File("faces", "aligned", "0143.png")).Pixels, restored.Pixels);
    }

    [Fact]
    public void A_missing_model_fails_with_one_line_telling_how_to_get_it()
    {
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "04.jpg"), "-o", _temp.File("out"), "--model", _temp.File("absent.onnx"));

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("codeformer models fetch", line);
    }

    [Fact]
    public void A_model_that_does_not_fit_is_refused_naming_what_it_has()
    {
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "04.jpg"), "-o", _temp.File("out"), "--model", SharedData.File("models", "yunet-2023mar.onnx"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Not a CodeFormer model", run.Error);
    }

    [Theory]
    [InlineData("-w", "1.5")]
    [InlineData("-s", "7")]
    [InlineData("--detector", "retinaface")]
    public void Bad_options_are_refused_before_any_work(string option, string value)
    {
        var run = CliProcess.Run("restore", SharedData.File("faces", "whole", "04.jpg"), "-o", _temp.File("out"), "--model", _identityModel, option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_temp.File("out"), "final_results")));
    }

    [Fact]
    public void Inspect_model_prints_the_signature_it_found()
    {
        var run = CliProcess.Run("inspect-model", SharedData.File("models", "codeformer-mini.onnx"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("image 'input'", run.Output);
        Assert.Contains("fidelity 'weight' float64 [1]", run.Output);
        Assert.Contains("fixed batch 1", run.Output);
    }

    public void Dispose() => _temp.Dispose();
}
