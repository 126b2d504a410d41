using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Storage;
using CodeFormer.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// What only the folder store has: photos copied into <c>uploads/</c> by hand (also while still being written),
/// results that appear as files and are streamed by the API, and stage messages that cannot point outside the folder.
/// </summary>
public sealed class FolderServeTests(FolderServeFixture serve) : IClassFixture<FolderServeFixture>
{
    private string Uploads => Path.Combine(serve.Root, "uploads");

    [Fact]
    public async Task A_photo_copied_into_the_uploads_folder_comes_back_as_files_in_results()
    {
        File.Copy(SharedData.File("faces", "whole", "03.jpg"), Path.Combine(Uploads, "copied-03.jpg"));
        var job = await serve.WaitForJobAsync(await JobOfDroppedFileAsync("copied-03.jpg"));

        Assert.True(job.Status == JobStatus.Done, $"{job.Status}: {job.Error}");
        Assert.True(job.FacesFound >= 1);
        string result = Path.Combine(serve.Root, "results", job.JobId, "copied-03.png");
        Assert.True(File.Exists(result), "the result is a plain file in results/");
        var image = ImageFiles.ReadRgb(result);
        var input = CodeFormer.Core.Pipeline.WorkingImage.From(ImageFiles.ReadRgb(SharedData.File("faces", "whole", "03.jpg")), null).Rgb;
        Assert.Equal((input.Width * 2, input.Height * 2), (image.Width, image.Height));
        var report = Stages.JobReport.Parse(BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(serve.Root, "results", job.JobId, "copied-03.json"))));
        Assert.Equal(job.FacesFound, report.Faces.Count);
        Assert.True(File.Exists(Path.Combine(serve.Root, "jobs", job.JobId + ".json")));
    }

    [Fact]
    public async Task A_photo_still_being_written_is_not_picked_up_until_it_is_whole()
    {
        byte[] photo = await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "04.jpg"));
        string path = Path.Combine(Uploads, "slow-04.jpg");
        int jobsBefore = JobFiles().Length;
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await using (stream)
        {
            // Six chunks 250 ms apart: the file is being written for well over the settle time, polled every 100 ms.
            int chunk = (photo.Length / 6) + 1;
            for (int offset = 0; offset < photo.Length; offset += chunk)
            {
                await stream.WriteAsync(photo.AsMemory(offset, Math.Min(chunk, photo.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(250);
                Assert.Equal(jobsBefore, JobFiles().Length);
            }
        }

        var job = await serve.WaitForJobAsync(await JobOfDroppedFileAsync("slow-04.jpg"));
        Assert.True(job.Status == JobStatus.Done, $"{job.Status}: {job.Error}");
        Assert.Equal(jobsBefore + 1, JobFiles().Length);
    }

    [Fact]
    public async Task The_result_is_streamed_by_the_api_not_redirected()
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg")));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var accepted = await serve.Client.PostAsync("/api/restorations?upscale=1&format=webp", content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.True(File.Exists(Path.Combine(Uploads, id + ".jpg")), "the API's upload is a file in uploads/");
        var job = await serve.WaitForJobAsync(id);
        Assert.True(job.Status == JobStatus.Done, $"{job.Status}: {job.Error}");

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = serve.Client.BaseAddress };
        var result = await noRedirects.GetAsync($"/api/restorations/{id}/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("image/webp", result.Content.Headers.ContentType?.MediaType);
        byte[] body = await result.Content.ReadAsByteArrayAsync();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(serve.Root, "results", id, id + ".webp")), body);
        Assert.Equal(body.Length, result.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("../jobs/{0}.json")]
    [InlineData("/etc/passwd")]
    [InlineData("{0}/../../../.lock")]
    public async Task A_stage_message_naming_a_path_outside_the_work_folder_fails_its_job_without_retries(string manifestPath)
    {
        string jobId = JobIds.New();
        await serve.Jobs.CreateAsync(new JobRecord(jobId, "nothing.jpg", JobStatus.Detected, JobOptions.Default, DateTimeOffset.UtcNow) { FacesFound = 1 }, CancellationToken.None);
        int deliveries = 0;
        serve.BeforeDelivery = (_, delivery, _) =>
        {
            if (delivery.MessageId.StartsWith(jobId, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref deliveries);
            }

            return Task.CompletedTask;
        };
        try
        {
            await serve.Queues.SendAsync(new StageMessage(jobId, PipelineStage.Restore, string.Format(System.Globalization.CultureInfo.InvariantCulture, manifestPath, jobId), []), CancellationToken.None);
            var job = await serve.WaitForJobAsync(jobId);
            Assert.Equal(JobStatus.Failed, job.Status);
            Assert.Contains("refused", job.Error, StringComparison.Ordinal);
            await serve.WaitForIdleAsync();
            Assert.Equal(1, deliveries);
        }
        finally
        {
            serve.BeforeDelivery = null;
        }
    }

    [Fact]
    public async Task The_upload_poller_remembers_only_the_uploads_still_there()
    {
        var poller = serve.Services.GetRequiredService<UploadPoller>();
        string[] names = ["forget-1.jpg", "forget-2.jpg", "forget-3.jpg"];
        foreach (string name in names)
        {
            File.Copy(SharedData.File("faces", "whole", "05.jpg"), Path.Combine(Uploads, name));
        }

        foreach (string name in names)
        {
            await serve.WaitForJobAsync(await JobOfDroppedFileAsync(name));
        }

        await poller.ScanAsync(CancellationToken.None);
        Assert.Equal(Directory.GetFiles(Uploads).Length, poller.Remembered);
        int before = poller.Remembered;

        foreach (string name in names)
        {
            File.Delete(Path.Combine(Uploads, name));
        }

        await poller.ScanAsync(CancellationToken.None);
        Assert.Equal(before - names.Length, poller.Remembered);
        Assert.Equal(Directory.GetFiles(Uploads).Length, poller.Remembered);
    }

    private string[] JobFiles() => Directory.GetFiles(Path.Combine(serve.Root, "jobs"));

    /// <summary>The job a file dropped into uploads/ gets: named by its blob version, as the detect stage names it.</summary>
    private async Task<string> JobOfDroppedFileAsync(string name)
    {
        var blob = await serve.Blobs.Uploads.ReadAsync(name, CancellationToken.None);
        Assert.NotNull(blob);
        return JobIds.ForUpload(name, blob.ETag);
    }
}
