using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Requests that used to end as 500s or bare status codes, over real HTTP to serve's Kestrel over a folder: each must
/// end as a problem+json with the right 4xx.
/// </summary>
public sealed class HttpProblemTests(FolderServeFixture serve) : IClassFixture<FolderServeFixture>
{
    private const string Boundary = "fuzzboundary";

    public static TheoryData<string, string> BrokenForms => new()
    {
        { "too many part headers", Part(string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Header-{i}: {i}\r\n"))) + "--" + Boundary + "--\r\n" },
        { "a 40 KB part header", Part("X-Huge: " + new string('a', 40_000) + "\r\n") + "--" + Boundary + "--\r\n" },
        { "a part header without a colon", Part("this is not a header\r\n") + "--" + Boundary + "--\r\n" },
        { "a body cut off inside a part", "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"fidelity\"\r\n\r\n0.5" },
        { "no boundary line at all", "just some text that never mentions the boundary" },
        { "a closing boundary only", "--" + Boundary + "--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task Malformed_multipart_bodies_are_4xx_problems(string what, string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=" + Boundary);
        var response = await serve.Client.PostAsync("/api/restorations", content);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode}");
        await ProblemResponse.AssertAsync(response, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/restorations", "POST")]
    [InlineData("PUT", "/api/restorations", "POST")]
    [InlineData("DELETE", "/api/restorations/0123456789abcdef0123456789abcdef", "GET")]
    [InlineData("POST", "/api/restorations/0123456789abcdef0123456789abcdef/result", "GET")]
    [InlineData("PATCH", "/api/openapi.json", "GET")]
    public async Task Wrong_method_on_a_route_is_405_problem_naming_the_allowed_one(string method, string path, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        var response = await serve.Client.SendAsync(request);
        await ProblemResponse.AssertAsync(response, HttpStatusCode.MethodNotAllowed, "Method not allowed");
        Assert.Contains(allowed, response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("GET", "/index.htm")]
    [InlineData("GET", "/api")]
    [InlineData("POST", "/api/restoration")]
    [InlineData("GET", "/api/restorations/0123456789abcdef0123456789abcdef/result/extra")]
    [InlineData("OPTIONS", "/favicon.ico")]
    public async Task Unknown_path_is_404_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await ProblemResponse.AssertAsync(await serve.Client.SendAsync(request), HttpStatusCode.NotFound, "Not found");
    }

    [Fact]
    public async Task Root_is_the_try_it_page_not_a_404()
    {
        var response = await serve.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Overlong_url_is_414_problem()
    {
        var response = await serve.Client.GetAsync("/api/restorations/" + new string('a', 12_000));
        await ProblemResponse.AssertAsync(response, HttpStatusCode.RequestUriTooLong, "URI too long");
    }

    [Fact]
    public async Task Oversized_request_headers_are_431_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/openapi.json");
        for (int i = 0; i < 5; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Big-{i}", new string('h', 8_000));
        }

        await ProblemResponse.AssertAsync(await serve.Client.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge, "Request headers too large");
    }

    [Fact]
    public async Task Unknown_options_are_400_naming_them_in_the_query_and_in_the_form()
    {
        using var raw = PhotoContent();
        var problem = await ProblemResponse.AssertAsync(await serve.Client.PostAsync("/api/restorations?fidelty=0.5", raw), HttpStatusCode.BadRequest, "Invalid options");
        Assert.True(problem.GetProperty("errors").TryGetProperty("fidelty", out _), problem.ToString());

        using var form = new MultipartFormDataContent { { PhotoContent(), "image", "photo.jpg" }, { new StringContent("3"), "scale" } };
        problem = await ProblemResponse.AssertAsync(await serve.Client.PostAsync("/api/restorations", form), HttpStatusCode.BadRequest, "Invalid options");
        Assert.True(problem.GetProperty("errors").TryGetProperty("scale", out _), problem.ToString());
    }

    [Fact]
    public async Task Json_body_is_415_problem_whether_or_not_it_parses()
    {
        foreach (string json in new[] { "{\"fidelity\": 0.5}", "{\"fidelity\": ", "\u0000\u0001[" })
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            await ProblemResponse.AssertAsync(await serve.Client.PostAsync("/api/restorations", content), HttpStatusCode.UnsupportedMediaType);
        }
    }

    [Fact]
    public async Task Image_headers_the_decoder_chokes_on_are_415()
    {
        // Short JPEG and PNG headers: the start of a real file cut after a few bytes, and markers with absurd lengths.
        // ImageSharp 2.1 throws a NullReferenceException identifying the first 154 bytes of 04.jpg (cut inside its
        // quantization tables).
        byte[] photo = await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "04.jpg"));
        var bodies = new List<byte[]> { photo[..154], photo[..11], photo[..2], photo[..64] };
        bodies.Add([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x00, 0x00, 0x00]);
        bodies.Add([0xFF, 0xD8, 0xFF, 0xDB, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00]);
        bodies.Add([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00]);
        foreach (byte[] bytes in bodies)
        {
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            await ProblemResponse.AssertAsync(await serve.Client.PostAsync("/api/restorations", content), HttpStatusCode.UnsupportedMediaType);
        }
    }

    /// <summary>
    /// 300,000 one-kilobyte text fields (310 MB, chunked so no length gives it away): the API must answer after a
    /// handful of fields, not after buffering the lot. Sent over a raw socket so the answer can arrive mid-upload.
    /// </summary>
    [Fact]
    public async Task Form_field_flood_is_refused_after_a_few_fields_without_reading_the_rest()
    {
        var address = serve.Client.BaseAddress!;
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        string head = $"POST /api/restorations HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var reading = ReadResponseHeadAsync(stream);
        byte[] field = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"fidelity\"\r\n\r\n{new string('0', 980)}\r\n");
        byte[] chunk = Encoding.ASCII.GetBytes($"{field.Length:x}\r\n").Concat(field).Concat("\r\n"u8.ToArray()).ToArray();
        long sent = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 300_000 && !reading.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            try
            {
                await stream.WriteAsync(chunk);
                sent += field.Length;
            }
            catch (IOException)
            {
                break; // the server answered and closed the connection
            }
        }

        string response = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.True(sent < 8_000_000, $"the server let {sent} bytes of fields in before answering");
    }

    private static async Task<string> ReadResponseHeadAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    private static string Part(string headers) =>
        "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"fidelity\"\r\n" + headers + "\r\n0.5\r\n";

    private static ByteArrayContent PhotoContent()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(SharedData.File("faces", "whole", "04.jpg")));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }
}
