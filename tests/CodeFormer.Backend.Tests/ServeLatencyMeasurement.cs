using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Backend.Hosting;
using CodeFormer.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// End-to-end latency per photo through <c>codeformer serve</c>'s web host: POST → poll every 50 ms → GET result,
/// with the shared codeformer-mini model (the real CodeFormer topology at narrow widths) on the CPU, over Azurite and
/// over a local folder. Prints the figures for the README; asserts only that every job finished, since timings
/// depend on the machine.
/// Run alone: <c>dotnet test tests/CodeFormer.Backend.Tests --filter Category=Measurement</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class ServeLatencyMeasurement(ITestOutputHelper output)
{
    [Theory]
    [InlineData("azurite")]
    [InlineData("folder")]
    public async Task Latency_per_photo_through_serve(string storage)
    {
        using var folder = new TempFolder();
        Dictionary<string, string?> settings;
        if (storage == "folder")
        {
            settings = new Dictionary<string, string?> { ["CodeFormerStorage:folder"] = folder.Path };
        }
        else
        {
            await Azurite.EnsureRunningAsync();
            settings = TestStorage.IsolatedSettings("lat");
        }

        settings["CodeFormer:ModelPath"] = SharedData.File("models", "codeformer-mini.onnx");
        await using var app = LocalWebHost.Build("http://127.0.0.1:0", settings);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        // One warm-up job opens the detector and the model sessions, as the first request to a fresh server would.
        await RunOneAsync(client, "04.jpg");
        output.WriteLine($"storage: {storage}");
        output.WriteLine("photo  faces  total ms  (detect / restore / paste ms as the report gives them)");
        foreach (string photo in new[] { "00.jpg", "03.jpg", "04.jpg", "05.jpg" })
        {
            for (int run = 0; run < 2; run++)
            {
                var (ms, status) = await RunOneAsync(client, photo);
                output.WriteLine($"{photo}  {status.GetProperty("facesFound").GetInt32()}  {ms:F0}  ({Stage(status, "created", "detected")} / {Stage(status, "detected", "restored")} / {Stage(status, "restored", "done")})");
            }
        }
    }

    private static async Task<(double Milliseconds, JsonElement Status)> RunOneAsync(HttpClient client, string photo)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", photo)));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var clock = Stopwatch.StartNew();
        var accepted = await client.PostAsync("/api/restorations", content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        JsonElement status;
        do
        {
            await Task.Delay(50);
            using var doc = JsonDocument.Parse(await client.GetStringAsync(accepted.Headers.Location));
            status = doc.RootElement.Clone();
        }
        while (status.GetProperty("status").GetString() is "queued" or "detected" or "restored" && clock.Elapsed < TimeSpan.FromMinutes(3));

        Assert.Equal("done", status.GetProperty("status").GetString());
        var result = await client.GetAsync(accepted.Headers.Location + "/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.True((await result.Content.ReadAsByteArrayAsync()).Length > 0);
        return (clock.Elapsed.TotalMilliseconds, status);
    }

    private static string Stage(JsonElement status, string from, string to)
    {
        var t = status.GetProperty("timestamps");
        return t.GetProperty(to).ValueKind == JsonValueKind.String
            ? $"{(t.GetProperty(to).GetDateTimeOffset() - t.GetProperty(from).GetDateTimeOffset()).TotalMilliseconds:F0}"
            : "-";
    }
}
