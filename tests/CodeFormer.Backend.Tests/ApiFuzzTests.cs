using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CodeFormer.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// A bounded fuzz of the HTTP API over loopback: 300 random and mutated requests from a fixed seed against serve's
/// Kestrel over a folder — garbage bodies, cut and mutated image headers, broken multipart forms, huge headers and
/// URLs, random methods, paths and options. No answer may be a 5xx, and every error must be a problem+json whose
/// status is the response's.
/// </summary>
public sealed class ApiFuzzTests(FolderServeFixture serve, ITestOutputHelper output) : IClassFixture<FolderServeFixture>
{
    private const int Seed = 20261203;
    private const int Requests = 300;

    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO"];
    private static readonly string[] s_contentTypes =
    [
        "image/jpeg", "image/png", "application/octet-stream", "multipart/form-data; boundary=b", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/mixed; boundary=b", "application/json", "text/plain", ";;;", "image/", "*/*",
    ];

    private static readonly string[] s_optionNames = ["fidelity", "upscale", "format", "onlyCenterFace", "hasAligned", "FIDELITY", "scale", "", "a b", "%00", "code"];
    private static readonly string[] s_optionValues = ["0.5", "1", "4", "9", "-1", "NaN", "1e308", "png", "gif", "true", "maybe", "", "%ZZ", "%C3%28", new string('9', 400)];

    [Fact]
    public async Task Three_hundred_hostile_requests_get_no_5xx_and_only_problem_json_errors()
    {
        var random = new Random(Seed);
        byte[] photo = await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "04.jpg"));
        byte[] tiny = TinyPng();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        int kestrelRefusals = 0;
        var clock = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = serve.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        for (int i = 0; i < Requests; i++)
        {
            using var request = NextRequest(random, photo, tiny, out string what);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{i} {what}: no response ({ex.Message})");
                continue;
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status == 400 && RefusedByKestrel(request, response))
                {
                    kestrelRefusals++;
                    continue;
                }

                string? problem = await ProblemOrNullAsync(response, request.Method == HttpMethod.Head);
                if (status >= 500 || (status >= 400 && problem is not null))
                {
                    failures.Add($"#{i} {what}: {status} {problem}");
                }
            }
        }

        output.WriteLine($"{Requests} requests (seed {Seed}) in {clock.Elapsed.TotalSeconds:F1} s: {Describe(statuses)}; 5xx: {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}; refused by Kestrel before the API: {kestrelRefusals}; bad answers: {failures.Count}");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"the fuzz took {clock.Elapsed}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Requests} bad answers (statuses {Describe(statuses)}; {kestrelRefusals} refused by Kestrel):\n{string.Join("\n", failures.Take(40))}");
        Assert.True(kestrelRefusals < Requests / 20, $"{kestrelRefusals} requests never reached the API");
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 6, $"the fuzz reached too few kinds of refusal: {Describe(statuses)}");
    }

    private static HttpRequestMessage NextRequest(Random random, byte[] photo, byte[] tiny, out string what)
    {
        switch (random.Next(7))
        {
            case 0:
            {
                var request = Post(Garbage(random, random.Next(0, 20_000)), Pick(random, s_contentTypes));
                what = "garbage body as " + request.Content!.Headers.ContentType;
                return request;
            }

            case 1:
            {
                byte[] source = random.Next(2) == 0 ? photo : tiny;
                byte[] cut = source[..Math.Min(source.Length, random.Next(1, 200))];
                what = $"image header cut at {cut.Length} bytes";
                return Post(cut, "image/jpeg");
            }

            case 2:
            {
                byte[] mutated = (byte[])tiny.Clone();
                int flips = random.Next(1, 8);
                for (int f = 0; f < flips; f++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                what = $"small PNG with {flips} bytes changed";
                return Post(mutated, "image/png");
            }

            case 3:
            {
                string boundary = random.Next(4) == 0 ? "" : "b" + random.Next(1000);
                byte[] body = BrokenMultipart(random, boundary, random.Next(2) == 0 ? tiny : Garbage(random, 300), out what);
                return Post(body, "multipart/form-data" + (boundary.Length > 0 ? "; boundary=" + boundary : ""));
            }

            case 4:
            {
                var request = new HttpRequestMessage(random.Next(2) == 0 ? HttpMethod.Get : HttpMethod.Post, RandomPath(random));
                int count = random.Next(1, 120);
                int size = random.Next(1, 1000);
                for (int h = 0; h < count; h++)
                {
                    request.Headers.TryAddWithoutValidation($"X-Fuzz-{h}", new string((char)('a' + random.Next(26)), size));
                }

                what = $"{count} headers of {size} bytes on {request.Method} {Short(request.RequestUri!)}";
                return request;
            }

            case 5:
            {
                var request = new HttpRequestMessage(new HttpMethod(Pick(random, s_methods)), RandomPath(random));
                if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && random.Next(2) == 0)
                {
                    request.Content = new ByteArrayContent(Garbage(random, random.Next(100)));
                }

                what = $"{request.Method} {Short(request.RequestUri!)}";
                return request;
            }

            default:
            {
                var query = new StringBuilder("/api/restorations?");
                int options = random.Next(1, 6);
                for (int o = 0; o < options; o++)
                {
                    query.Append(Pick(random, s_optionNames)).Append('=').Append(Pick(random, s_optionValues)).Append('&');
                }

                what = "options " + query;
                var request = Post(tiny, "image/png");
                request.RequestUri = new Uri(query.ToString(), UriKind.Relative);
                return request;
            }
        }
    }

    private static byte[] BrokenMultipart(Random random, string boundary, byte[] file, out string what)
    {
        string b = boundary.Length > 0 ? boundary : "b";
        var body = new StringBuilder();
        int kind = random.Next(7);
        switch (kind)
        {
            case 0:
                what = "multipart part with many headers";
                body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n");
                for (int i = 0, n = random.Next(10, 200); i < n; i++)
                {
                    body.Append($"X-{i}: {i}\r\n");
                }

                break;
            case 1:
                what = "multipart part with a huge header";
                body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nX-Huge: ").Append('x', random.Next(10_000, 60_000)).Append("\r\n");
                break;
            case 2:
                what = "multipart with many fields";
                for (int i = 0, n = random.Next(10, 400); i < n; i++)
                {
                    body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{i}\r\n");
                }

                body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n");
                break;
            case 3:
                what = "multipart with garbage dispositions";
                body.Append($"--{b}\r\nContent-Disposition: {new string('"', random.Next(1, 9))};;name==\r\n");
                break;
            case 4:
                what = "multipart with two files";
                body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n");
                body.Append(Encoding.Latin1.GetString(file)).Append($"\r\n--{b}\r\nContent-Disposition: form-data; name=\"image2\"; filename=\"b.png\"\r\n");
                break;
            case 5:
                what = "multipart with a field too long";
                body.Append($"--{b}\r\nContent-Disposition: form-data; name=\"fidelity\"\r\n\r\n").Append('1', random.Next(1_000, 50_000)).Append($"\r\n--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n");
                break;
            default:
                what = "multipart with a part header line cut";
                body.Append($"--{b}\r\nContent-Disposition: form-da");
                break;
        }

        body.Append("\r\n").Append(Encoding.Latin1.GetString(file));
        if (random.Next(2) == 0)
        {
            body.Append($"\r\n--{b}--\r\n");
        }

        byte[] bytes = Encoding.Latin1.GetBytes(body.ToString());
        if (random.Next(4) == 0)
        {
            bytes = bytes[..random.Next(bytes.Length)];
            what += ", cut";
        }

        return bytes;
    }

    private static string RandomPath(Random random)
    {
        string id = random.Next(3) switch
        {
            0 => string.Concat(Enumerable.Range(0, 32).Select(_ => "0123456789abcdef"[random.Next(16)])),
            1 => new string('z', random.Next(1, 40)),
            _ => Uri.EscapeDataString(Encoding.Latin1.GetString(Garbage(random, random.Next(1, 30)))),
        };
        string path = random.Next(9) switch
        {
            0 => "/api/restorations",
            1 => $"/api/restorations/{id}",
            2 => $"/api/restorations/{id}/result",
            3 => "/api/openapi.json",
            4 => "/",
            5 => $"/api/{id}/../../etc/passwd",
            6 => "/api/restorations/" + new string('a', random.Next(5_000, 20_000)),
            7 => $"/%2e%2e/{id}",
            _ => $"/{id}",
        };
        return random.Next(5) == 0 ? path + "?" + id + "=" + id : path;
    }

    /// <summary>
    /// Kestrel refuses a request target holding an encoded NUL (<c>%00</c>) while parsing it, before any application
    /// code runs, with a bare 400 and <c>Connection: close</c>; ASP.NET Core offers no hook to shape that answer.
    /// </summary>
    private static bool RefusedByKestrel(HttpRequestMessage request, HttpResponseMessage response) =>
        request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal)
        && response.Headers.ConnectionClose == true
        && response.Content.Headers.ContentLength == 0;

    private static HttpRequestMessage Post(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, "/api/restorations") { Content = content };
    }

    /// <returns>Null when the response is fine: a success, or an error that is a problem+json with its status.</returns>
    private static async Task<string?> ProblemOrNullAsync(HttpResponseMessage response, bool head)
    {
        int status = (int)response.StatusCode;
        if (status < 400)
        {
            return null;
        }

        string? type = response.Content.Headers.ContentType?.MediaType;
        if (type != ProblemResponse.MediaType)
        {
            return $"content type '{type}'";
        }

        if (head)
        {
            return null; // HEAD answers carry the headers only
        }

        string body = await response.Content.ReadAsStringAsync();
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status && doc.RootElement.TryGetProperty("title", out _)
                ? null
                : "problem body without a matching status or title: " + body;
        }
        catch (JsonException)
        {
            return "problem body is not JSON: " + body[..Math.Min(body.Length, 200)];
        }
    }

    private static byte[] TinyPng()
    {
        using var image = new Image<Rgb24>(24, 24, new Rgb24(200, 150, 120));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static byte[] Garbage(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    private static string Short(Uri uri) => uri.OriginalString.Length > 80 ? uri.OriginalString[..80] + $"… ({uri.OriginalString.Length} chars)" : uri.OriginalString;

    private static string Describe(SortedDictionary<int, int> statuses) => string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"));
}
