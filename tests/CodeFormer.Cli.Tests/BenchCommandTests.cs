using System.Text.Json;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer bench` says which figures it measured and which it only quotes.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void The_official_helpers_figure_is_labelled_as_quoted_with_its_source()
    {
        string model = _temp.File("identity.onnx");
        StandInModels.Identity().Save(model);
        string noPhotos = Directory.CreateDirectory(_temp.File("photos")).FullName;
        string json = _temp.File("bench.json");

        var run = CliProcess.Run("bench", "--photos", noPhotos, "--model", model, "--runs", "1", "--json", json,
            "--golden", SharedData.File("golden", "two_faces_tilted"));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("quoted, not measured", run.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var alignPaste = report.RootElement.GetProperty("alignPaste");
        Assert.False(alignPaste.TryGetProperty("officialMs", out _), "a quoted figure must not sit beside the measured ones unlabelled");
        Assert.Contains("issue 2", alignPaste.GetProperty("officialQuoted").GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void At_another_upscale_there_is_no_comparison_with_the_upscale_2_figure()
    {
        string model = _temp.File("identity.onnx");
        StandInModels.Identity().Save(model);
        string noPhotos = Directory.CreateDirectory(_temp.File("photos")).FullName;
        string json = _temp.File("bench.json");

        var run = CliProcess.Run("bench", "--photos", noPhotos, "--model", model, "--runs", "1", "--json", json, "-s", "1",
            "--golden", SharedData.File("golden", "two_faces_tilted"));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.False(report.RootElement.GetProperty("alignPaste").TryGetProperty("officialQuoted", out _));
    }

    public void Dispose() => _temp.Dispose();
}
