using System.Net;
using System.Net.Sockets;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>`codeformer models list|fetch` through the real program, on a temporary models folder.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void List_shows_each_model_installed_or_how_to_get_it_with_path_size_and_licence()
    {
        string models = _temp.File("models");
        Directory.CreateDirectory(models);
        File.WriteAllBytes(Path.Combine(models, "parsenet.onnx"), new byte[2_500_000]);
        File.WriteAllBytes(Path.Combine(models, "yunet.onnx"), new byte[10]);

        var run = CliProcess.Run("models", "list", "--models-dir", models);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Models folder: {models}", run.Output);
        Assert.Contains($"parsenet: installed {Path.Combine(models, "parsenet.onnx")} (2.5 MB)", run.Output);
        Assert.Contains("retinaface-resnet50: not installed — codeformer models fetch retinaface-resnet50", run.Output);
        Assert.Contains("licence: MIT", run.Output);
        Assert.Contains("licence: S-Lab License 1.0", run.Output);
        Assert.Contains("yunet: ", run.Output);
    }

    [Fact]
    public void Fetch_refuses_an_unknown_name_and_one_url_for_all()
    {
        var unknown = CliProcess.Run("models", "fetch", "yolo", "--models-dir", _temp.Path);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("retinaface-mobilenet0.25", unknown.Error);

        var all = CliProcess.Run("models", "fetch", "all", "--url", "http://127.0.0.1:1/x.pth", "--models-dir", _temp.Path);
        Assert.Equal(2, all.ExitCode);
        Assert.Contains("one model", all.Error);
    }

    [Fact]
    public async Task Fetch_downloads_from_the_given_url_records_it_and_refuses_a_checkpoint_that_does_not_fit()
    {
        byte[] tiny = File.ReadAllBytes(SharedData.File("family", "retinaface_mobilenet0.25", "tiny_checkpoint.pth"));
        using var listener = new HttpListener();
        int port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.ContentLength64 = tiny.Length;
            await context.Response.OutputStream.WriteAsync(tiny);
            context.Response.Close();
        });
        string models = _temp.File("models");

        var run = CliProcess.Run("models", "fetch", "retinaface-mobilenet0.25", "--url", $"http://127.0.0.1:{port}/detection_mobilenet0.25_Final.pth", "--models-dir", models);
        await serve;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("missing", run.Error);
        Assert.Equal(tiny, File.ReadAllBytes(Path.Combine(models, "detection_mobilenet0.25_Final.pth")));
        Assert.True(File.Exists(Path.Combine(models, "detection_mobilenet0.25_Final.pth.json")));
        Assert.False(File.Exists(Path.Combine(models, "retinaface-mobilenet0.25.onnx")));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
