using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;

namespace CodeFormer.Cli.Tests;

/// <summary>
/// `codeformer serve --storage &lt;folder&gt;`, the real program without Azurite: a photo posted over HTTP and a photo
/// copied into the folder's uploads/ both come back restored, and a second serve on the same folder is refused.
/// </summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Serve_over_a_folder_restores_posted_and_dropped_photos_and_refuses_a_second_serve()
    {
        string model = _temp.File("codeformer-identity.onnx");
        StandInModels.Identity().Save(model);
        string data = _temp.File("backend-data");
        using var serve = StartServe(data, model);
        try
        {
            var address = await ListeningAddressAsync(serve);
            using var client = new HttpClient { BaseAddress = address };

            using var photo = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "04.jpg")));
            photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            var accepted = await client.PostAsync("/api/restorations?upscale=1", photo);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            string status = "";
            for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && status is not ("done" or "failed");)
            {
                await Task.Delay(100);
                using var doc = JsonDocument.Parse(await client.GetStringAsync(accepted.Headers.Location));
                status = doc.RootElement.GetProperty("status").GetString()!;
            }

            Assert.Equal("done", status);
            var result = await client.GetAsync(accepted.Headers.Location + "/result");
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal("image/png", result.Content.Headers.ContentType?.MediaType);

            File.Copy(SharedData.File("faces", "whole", "03.jpg"), Path.Combine(data, "uploads", "dropped.jpg"));
            // Results go under the job's own folder: results/{jobId}/dropped.png and dropped.json.
            string[] Dropped() => Directory.Exists(Path.Combine(data, "results"))
                ? Directory.GetFiles(Path.Combine(data, "results"), "dropped.*", SearchOption.AllDirectories)
                : [];
            for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && Dropped().Length < 2;)
            {
                await Task.Delay(100);
            }

            Assert.Equal(["dropped.json", "dropped.png"], Dropped().Select(Path.GetFileName).Order());
            Assert.Single(Dropped().Select(Path.GetDirectoryName).Distinct());

            var second = CliProcess.Run("serve", "--storage", data, "--url", "http://127.0.0.1:0", "--model", model);
            Assert.Equal(1, second.ExitCode);
            Assert.StartsWith("error:", second.Error.Trim(), StringComparison.Ordinal);
            Assert.Contains("in use by another process", second.Error, StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public void Serve_with_a_missing_model_stops_at_start_up_with_one_line()
    {
        string model = _temp.File("missing.onnx");
        var run = CliProcess.Run("serve", "--storage", _temp.File("data"), "--url", "http://127.0.0.1:0", "--model", model);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: The CodeFormer model {model} cannot be used: the file does not exist", run.Error.Trim());
        Assert.DoesNotContain("listening", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_a_busy_port_fails_with_one_line_before_touching_its_folder()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        string data = _temp.File("never-created");
        string model = _temp.File("codeformer-identity.onnx");
        StandInModels.Identity().Save(model);

        var run = CliProcess.Run("serve", "--storage", data, "--url", $"http://127.0.0.1:{port}", "--model", model);

        Assert.NotEqual(0, run.ExitCode);
        string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one error line, got:\n{run.Error}\n(stdout: {run.Output})");
        Assert.StartsWith("error:", lines[0], StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "serve created its storage folder before finding the port taken");
    }

    public void Dispose() => _temp.Dispose();

    private static Process StartServe(string data, string model)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "codeformer.dll"), "serve", "--storage", data, "--url", "http://127.0.0.1:0", "--model", model })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }

    private static async Task<Uri> ListeningAddressAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                // Keep draining the log so the server never blocks on a full pipe.
                _ = serve.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = serve.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"serve exited ({serve.ExitCode}) without listening: {await serve.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
