using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>The API's refusals over real HTTP to serve's Kestrel: each one a problem+json with the promised status.</summary>
public sealed class HttpValidationTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static readonly string s_photo = SharedData.File("faces", "whole", "04.jpg");

    [Fact]
    public async Task Text_content_type_is_415()
    {
        using var content = new StringContent("hello", Encoding.UTF8, "text/plain");
        await AssertProblemAsync(await serve.Client.PostAsync("/api/restorations", content), HttpStatusCode.UnsupportedMediaType, "Not an image");
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_415_whatever_the_content_type_claims()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>"));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        await AssertProblemAsync(await serve.Client.PostAsync("/api/restorations", content), HttpStatusCode.UnsupportedMediaType, "Not an image");
    }

    [Fact]
    public async Task Multipart_form_without_a_file_is_415()
    {
        using var form = new MultipartFormDataContent { { new StringContent("0.7"), "fidelity" } };
        await AssertProblemAsync(await serve.Client.PostAsync("/api/restorations", form), HttpStatusCode.UnsupportedMediaType, "No image");
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_by_its_declared_length()
    {
        using var content = new ByteArrayContent(new byte[ServeFixture.MaxUploadBytes + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        await AssertProblemAsync(await serve.Client.PostAsync("/api/restorations", content), HttpStatusCode.RequestEntityTooLarge, "Upload too large");
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_without_a_declared_length()
    {
        using var content = new StreamContent(new MemoryStream(new byte[ServeFixture.MaxUploadBytes + 10]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/restorations") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await AssertProblemAsync(await serve.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "Upload too large");
    }

    [Fact]
    public async Task File_part_over_the_limit_is_413()
    {
        using var file = new ByteArrayContent(new byte[ServeFixture.MaxUploadBytes + 1]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { file, "image", "big.jpg" } };
        await AssertProblemAsync(await serve.Client.PostAsync("/api/restorations", form), HttpStatusCode.RequestEntityTooLarge, "Upload too large");
    }

    [Fact]
    public async Task Out_of_range_options_are_400_naming_each_field()
    {
        using var content = PhotoContent();
        var response = await serve.Client.PostAsync("/api/restorations?fidelity=1.5&upscale=8&format=gif&onlyCenterFace=maybe", content);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Invalid options");
        var errors = problem.GetProperty("errors");
        foreach (string field in new[] { "fidelity", "upscale", "format", "onlyCenterFace" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task Unknown_job_is_404_for_status_and_result()
    {
        string unknown = Guid.NewGuid().ToString("N");
        await AssertProblemAsync(await serve.Client.GetAsync($"/api/restorations/{unknown}"), HttpStatusCode.NotFound, "Unknown job");
        await AssertProblemAsync(await serve.Client.GetAsync($"/api/restorations/{unknown}/result"), HttpStatusCode.NotFound, "Unknown job");
        await AssertProblemAsync(await serve.Client.GetAsync("/api/restorations/not-an-id"), HttpStatusCode.NotFound, "Unknown job");
    }

    [Fact]
    public async Task Accepted_upload_is_202_with_a_location_that_answers()
    {
        using var content = PhotoContent();
        var response = await serve.Client.PostAsync("/api/restorations?fidelity=0.7&upscale=1&format=webp", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string id = body.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/restorations/{id}", response.Headers.Location?.OriginalString);

        var status = await serve.Client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var job = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
        Assert.Equal(id, job.RootElement.GetProperty("id").GetString());
        Assert.Equal(0.7, job.RootElement.GetProperty("options").GetProperty("fidelity").GetDouble());
        Assert.Equal("webp", job.RootElement.GetProperty("options").GetProperty("format").GetString());
        Assert.True(job.RootElement.GetProperty("timestamps").TryGetProperty("created", out _));
    }

    [Fact]
    public async Task OpenApi_document_describes_every_route()
    {
        var response = await serve.Client.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/restorations").TryGetProperty("post", out var post));
        foreach (string status in new[] { "202", "400", "413", "415" })
        {
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"POST lacks {status}");
        }

        Assert.True(paths.GetProperty("/api/restorations/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/restorations/{id}/result").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
    }

    private static ByteArrayContent PhotoContent()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(s_photo));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string title)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal((int)expected, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(title, doc.RootElement.GetProperty("title").GetString());
        return doc.RootElement.Clone();
    }
}
