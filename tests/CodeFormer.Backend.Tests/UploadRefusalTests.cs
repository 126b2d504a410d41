using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Backend.Jobs;
using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Uploads refused at submit, before a job exists, from their header and framing (415) or the result they would
/// make (413 naming the cap or the format's limit and the largest upscale that fits); and the same limits failing
/// a dropped upload once, in detection, rather than after a paste.
/// </summary>
public sealed class UploadRefusalTests(FolderServeFixture serve) : IClassFixture<FolderServeFixture>
{
    [Fact]
    public async Task An_11_byte_jpeg_header_is_415_not_a_500()
    {
        // ImageSharp's Identify throws NullReferenceException on these bytes.
        var response = await PostAsync(Convert.FromHexString("FFD8FFD900000000000000"), "image/jpeg");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_cut_off_photo_is_415_before_a_job_exists()
    {
        byte[] photo = await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "00.jpg"));
        var response = await PostAsync(photo[..(photo.Length / 2)], "image/jpeg");
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("ends early", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_over_the_output_cap_is_413_naming_the_cap_and_the_largest_upscale()
    {
        // 4100×2600 at upscale 4 is 16400×10400 = 170.6 MP, over the default 100 MP cap; upscale 3 is 95.9 MP.
        var response = await PostAsync(BlankPng(4100, 2600), "image/png", "?upscale=4");
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("100 megapixels", detail, StringComparison.Ordinal);
        Assert.Contains("largest upscale that fits is 3", detail, StringComparison.Ordinal);
        Assert.Contains("3", problem.GetProperty("errors").GetProperty("upscale").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webp_result_wider_than_16383_is_413_before_any_work()
    {
        // 8400×600 at upscale 2 is 16800×1200: 20 MP, within the cap, but wider than WebP can record.
        var response = await PostAsync(BlankPng(8400, 600), "image/png", "?upscale=2&format=webp");
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16,383", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("1", problem.GetProperty("errors").GetProperty("upscale").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_upload_whose_webp_result_cannot_be_written_fails_once_in_detection()
    {
        int detections = 0, later = 0;
        serve.BeforeDelivery = (stage, _, _) =>
        {
            Interlocked.Increment(ref stage == Messaging.PipelineStage.Detect ? ref detections : ref later);
            return Task.CompletedTask;
        };
        var metadata = new Dictionary<string, string> { ["format"] = "webp", ["upscale"] = "2" };
        string eTag = await serve.Blobs.Uploads.WriteAsync("wide.png", BinaryData.FromBytes(BlankPng(8400, 600)), "image/png", CancellationToken.None, metadata);
        var job = await serve.WaitForJobAsync(JobIds.ForUpload("wide.png", eTag));
        await serve.WaitForIdleAsync();

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("16,383", job.Error, StringComparison.Ordinal);
        Assert.Null(job.DetectedAt);
        Assert.Equal(1, detections); // permanent: not retried
        Assert.Equal(0, later); // no restore or paste was ever asked for
    }

    private static byte[] BlankPng(int width, int height) =>
        ImageEncoder.Encode(new RgbImage(width, height), null, new EncodeOptions(OutputFormat.Png));

    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return serve.Client.PostAsync("/api/restorations" + query, content);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
