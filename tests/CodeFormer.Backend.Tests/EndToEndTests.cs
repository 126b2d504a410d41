using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Pipeline;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>The end-to-end scenarios on Azurite.</summary>
public sealed class EndToEndTests(ServeFixture serve) : EndToEndScenarios<ServeFixture>(serve), IClassFixture<ServeFixture>;

/// <summary>The same end-to-end scenarios with all storage in a local folder (<c>serve --storage &lt;folder&gt;</c>).</summary>
public sealed class FolderEndToEndTests(FolderServeFixture serve) : EndToEndScenarios<FolderServeFixture>(serve), IClassFixture<FolderServeFixture>;

/// <summary>
/// The whole backend through the in-process host and serve's HTTP API, with the identity stand-in model: photos
/// dropped into uploads/ and photos posted to the API both come back restored, with reports.
/// </summary>
public abstract class EndToEndScenarios<TServe>(TServe serve)
    where TServe : ServeFixture
{
    [Theory]
    [InlineData("00.jpg", "05.jpg")]
    public async Task Photos_dropped_into_uploads_get_results_and_reports(string first, string second)
    {
        var uploads = new List<(string Name, string JobId, int Width, int Height, int InputWidth, int InputHeight)>();
        foreach (string photo in new[] { first, second })
        {
            string path = SharedData.File("faces", "whole", photo);
            string eTag = await serve.Blobs.Uploads.WriteAsync(photo, BinaryData.FromBytes(await File.ReadAllBytesAsync(path)), "image/jpeg", CancellationToken.None);
            var rgb = ImageFiles.ReadRgb(path);
            // The official pipeline first enlarges photos whose short side is under 512, then upscales that.
            var working = WorkingImage.From(rgb, null).Rgb;
            uploads.Add((photo, JobIds.ForUpload(photo, eTag), working.Width, working.Height, rgb.Width, rgb.Height));
        }

        foreach (var upload in uploads)
        {
            var job = await serve.WaitForJobAsync(upload.JobId);
            Assert.True(job.Status == JobStatus.Done, $"{upload.Name}: {job.Status} {job.Error}");
            Assert.True(job.FacesFound >= 1, $"{upload.Name}: no face found");

            var result = await serve.Blobs.Results.ReadAsync(BlobLayout.Result(upload.JobId, upload.Name, ".png"), CancellationToken.None);
            Assert.NotNull(result);
            var image = ImageFromBytes(result.Content);
            // Default options: upscale 2.
            Assert.Equal((upload.Width * 2, upload.Height * 2), (image.Width, image.Height));

            var reportBlob = await serve.Blobs.Results.ReadAsync(BlobLayout.Report(upload.JobId, upload.Name), CancellationToken.None);
            Assert.NotNull(reportBlob);
            var report = JobReport.Parse(reportBlob.Content);
            Assert.Equal(job.FacesFound, report.Faces.Count);
            Assert.All(report.Faces, f =>
            {
                Assert.True(f.Box[0] > -0.25 * upload.InputWidth && f.Box[2] < 1.25 * upload.InputWidth && f.Box[1] > -0.25 * upload.InputHeight && f.Box[3] < 1.25 * upload.InputHeight, $"box {string.Join(',', f.Box)} far outside {upload.InputWidth}x{upload.InputHeight}");
                Assert.NotEmpty(f.Landmarks);
            });
            Assert.NotNull(report.Stages.TotalMs);
        }

        // 00.jpg holds four faces a person would restore.
        Assert.True((await serve.Jobs.GetAsync(uploads[0].JobId, CancellationToken.None))!.FacesFound >= 4);
    }

    [Fact]
    public async Task Photo_posted_to_the_api_is_polled_to_done_and_fetched()
    {
        string path = SharedData.File("faces", "whole", "04.jpg");
        using var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent
        {
            { file, "image", "04.jpg" },
            { new StringContent("1"), "upscale" },
            { new StringContent("png"), "format" },
        };
        var accepted = await serve.Client.PostAsync("/api/restorations", form);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;

        JsonElement status;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await Task.Delay(100);
            using var doc = JsonDocument.Parse(await serve.Client.GetStringAsync(location));
            status = doc.RootElement.Clone();
        }
        while (status.GetProperty("status").GetString() is "queued" or "detected" or "restored" && DateTime.UtcNow < deadline);

        Assert.True(status.GetProperty("status").GetString() == "done", status.ToString());
        Assert.True(status.GetProperty("facesFound").GetInt32() >= 1);
        var timestamps = status.GetProperty("timestamps");
        foreach (string stage in new[] { "created", "detected", "restored", "done" })
        {
            Assert.Equal(JsonValueKind.String, timestamps.GetProperty(stage).ValueKind);
        }

        // On Azurite the result is a redirect to a read-only SAS link, which the client follows; a folder streams it.
        var result = await serve.Client.GetAsync(location + "/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("image/png", result.Content.Headers.ContentType?.MediaType);
        var restored = ImageFromBytes(BinaryData.FromBytes(await result.Content.ReadAsByteArrayAsync()));
        // Upscale 1 of the working image: the photo enlarged so its short side is 512, as the official pipeline does.
        var input = WorkingImage.From(ImageFiles.ReadRgb(path), null).Rgb;
        Assert.Equal((input.Width, input.Height), (restored.Width, restored.Height));
        // Identity model at upscale 1: the photo comes back; only the face regions are resampled (warp to the crop
        // and back), which costs a few dB around them. 30 dB over the whole photo is far above any real change.
        double psnr = Psnr.Of(input, restored);
        Assert.True(psnr > 30, $"PSNR {psnr:F1} dB");
    }

    internal static CodeFormer.Core.Imaging.RgbImage ImageFromBytes(BinaryData bytes)
    {
        string temp = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(temp, bytes.ToArray());
            return ImageFiles.ReadRgb(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
