using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Backend.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CodeFormer.Cli.Bench;

/// <summary>
/// End-to-end latency per photo through `serve`'s web host, in process: POST → poll every 50 ms → GET result,
/// with the stage times the job's timestamps give, over a fresh temporary folder or over a storage connection.
/// </summary>
internal sealed class ServeLatency(IAnsiConsole console)
{
    private static readonly TimeSpan s_jobTimeout = TimeSpan.FromMinutes(5);

    /// <param name="storage">A connection string (Azurite: UseDevelopmentStorage=true), or null for a temporary folder.</param>
    public async Task<object> RunAsync(string photos, string model, string? storage, int runs)
    {
        string? folder = storage is null ? Directory.CreateTempSubdirectory("codeformer-bench-serve-").FullName : null;
        try
        {
            var settings = new Dictionary<string, string?> { ["CodeFormer:ModelPath"] = model, ["Logging:LogLevel:Default"] = "Warning" };
            if (folder is not null)
            {
                settings["CodeFormerStorage:folder"] = folder;
            }
            else
            {
                settings["CodeFormerStorage"] = storage;
            }

            await using var app = LocalWebHost.Build("http://127.0.0.1:0", settings);
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            string[] files = Directory.EnumerateFiles(photos).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp").Order(StringComparer.Ordinal).ToArray();
            // One warm-up job opens the detector and the model sessions, as the first request to a fresh server would.
            await RunOneAsync(client, files[0]);

            string label = folder is null ? "storage connection" : "local folder";
            var table = new Table().AddColumns("photo", "faces", "end to end ms", "detect / restore / paste ms");
            var rows = new List<object>();
            foreach (string photo in files)
            {
                for (int run = 0; run < runs; run++)
                {
                    var (ms, status) = await RunOneAsync(client, photo);
                    string stages = $"{Stage(status, "created", "detected")} / {Stage(status, "detected", "restored")} / {Stage(status, "restored", "done")}";
                    int faces = status.GetProperty("facesFound").GetInt32();
                    table.AddRow(Path.GetFileName(photo), faces.ToString(System.Globalization.CultureInfo.InvariantCulture), ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), stages);
                    rows.Add(new { photo = Path.GetFileName(photo), faces, endToEndMs = Math.Round(ms), stages });
                }
            }

            console.MarkupLineInterpolated($"[bold]serve[/] over a {label}, model {Path.GetFileName(model)}");
            console.Write(table);
            return new { storage = label, runs = rows };
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<(double Milliseconds, JsonElement Status)> RunOneAsync(HttpClient client, string photo)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo));
        content.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(photo).ToLowerInvariant() switch { ".png" => "image/png", ".webp" => "image/webp", _ => "image/jpeg" });
        var clock = Stopwatch.StartNew();
        using var accepted = await client.PostAsync("/api/restorations", content);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{Path.GetFileName(photo)}: the API answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }

        JsonElement status;
        do
        {
            await Task.Delay(50);
            using var doc = JsonDocument.Parse(await client.GetStringAsync(accepted.Headers.Location));
            status = doc.RootElement.Clone();
        }
        while (status.GetProperty("status").GetString() is "queued" or "detected" or "restored" && clock.Elapsed < s_jobTimeout);

        if (status.GetProperty("status").GetString() != "done")
        {
            throw new InvalidOperationException($"{Path.GetFileName(photo)}: the job ended {status.GetProperty("status").GetString()}: {status}");
        }

        using var result = await client.GetAsync(accepted.Headers.Location + "/result");
        byte[] image = await result.Content.ReadAsByteArrayAsync();
        if (!result.IsSuccessStatusCode || image.Length == 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(photo)}: fetching the result answered {(int)result.StatusCode}");
        }

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
