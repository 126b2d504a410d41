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
        var (run, report) = Bench("-s", "2");
        Assert.Contains("quoted, not measured", run.Output, StringComparison.Ordinal);
        var alignPaste = report.GetProperty("alignPaste");
        Assert.False(alignPaste.TryGetProperty("officialMs", out _), "a quoted figure must not sit beside the measured ones unlabelled");
        Assert.Contains("issue 2", alignPaste.GetProperty("officialQuoted").GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void At_another_upscale_there_is_no_comparison_with_the_upscale_2_figure()
    {
        var (_, report) = Bench("-s", "1");
        Assert.False(report.GetProperty("alignPaste").TryGetProperty("officialQuoted", out _));
    }

    /// <summary>The golden align + paste bench with the identity stand-in model and no photos, its JSON parsed.</summary>
    private (CliRun Run, JsonElement Report) Bench(params string[] extra)
    {
        string model = _temp.File("identity.onnx");
        StandInModels.Identity().Save(model);
        string noPhotos = Directory.CreateDirectory(_temp.File("photos")).FullName;
        string json = _temp.File("bench.json");
        var run = CliProcess.Run(["bench", "--photos", noPhotos, "--model", model, "--runs", "1", "--json", json, "--golden", SharedData.File("golden", "two_faces_tilted"), .. extra]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        return (run, report.RootElement.Clone());
    }

    public void Dispose() => _temp.Dispose();
}
