using System.Net;
using System.Net.Http.Headers;
using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using CodeFormer.Network.Onnx;
using CodeFormer.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// The process dies between recording a job and writing its upload: the first serve's upload write never returns
/// (the fault is injected at exactly that call, and nothing after it in the request runs), the process is stopped,
/// and a new serve over the same folder ends the job through its sweeper instead of leaving it queued forever.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_job_recorded_before_a_crash_that_lost_its_upload_ends_failed_not_queued_forever()
    {
        string model = _temp.File("codeformer-identity.onnx");
        StandInModels.Identity().Save(model);
        string root = _temp.File("data");
        var settings = new Dictionary<string, string?>
        {
            ["CodeFormerStorage:folder"] = root,
            ["CodeFormer:ModelPath"] = model,
            ["CodeFormer:StuckJobAfter"] = "00:00:02",
        };

        var crash = new TaskCompletionSource();
        var first = LocalWebHost.Build("http://127.0.0.1:0", settings, services =>
        {
            CrashOnUploadWrite(services, crash);
            // The hung request is abandoned, as a killed process abandons it: do not wait for it on stop.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        });
        await first.StartAsync();
        using (var client = new HttpClient { BaseAddress = Address(first) })
        {
            using var photo = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.File("faces", "whole", "05.jpg")));
            photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            var pending = client.PostAsync("/api/restorations", photo);
            await crash.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(pending.IsCompleted, "the request must still be inside the upload write");
        }

        // The state a kill -9 leaves: the job recorded as queued, no upload.
        string jobId = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(Path.Combine(root, "jobs"), "*.json")));
        var recorded = await first.Services.GetRequiredService<JobStore>().GetAsync(jobId, CancellationToken.None);
        Assert.Equal(JobStatus.Queued, recorded!.Status);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "uploads")));
        await first.StopAsync();
        await first.DisposeAsync();

        var second = LocalWebHost.Build("http://127.0.0.1:0", settings, services =>
            services.Configure<InProcessHostOptions>(o => o.SweepInterval = TimeSpan.FromMilliseconds(200)));
        await second.StartAsync();
        try
        {
            var jobs = second.Services.GetRequiredService<JobStore>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            JobRecord? job;
            while ((job = await jobs.GetAsync(jobId, CancellationToken.None)) is { IsFinished: false })
            {
                Assert.True(DateTime.UtcNow < deadline, $"job still {job.Status} 30 s after the restart");
                await Task.Delay(100);
            }

            Assert.Equal(JobStatus.Failed, job!.Status);
            Assert.Contains("upload was never stored", job.Error, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = Address(second) };
            var result = await client.GetAsync($"/api/restorations/{jobId}/result");
            Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Replaces the uploads container with one whose writes signal <paramref name="crash"/> and never return.</summary>
    private static void CrashOnUploadWrite(IServiceCollection services, TaskCompletionSource crash)
    {
        var original = services.Last(d => d.ServiceType == typeof(BlobStore));
        services.Remove(original);
        services.AddSingleton(sp =>
        {
            var inner = (BlobStore)original.ImplementationFactory!(sp);
            return new BlobStore(new HangingWrites(inner.Uploads, crash), inner.Work, inner.Results, inner.Models);
        });
    }

    private sealed class HangingWrites(IBlobContainer inner, TaskCompletionSource crash) : IBlobContainer
    {
        public string Name => inner.Name;

        public Task EnsureCreatedAsync(CancellationToken cancellationToken) => inner.EnsureCreatedAsync(cancellationToken);

        public Task<StoredBlob?> ReadAsync(string name, CancellationToken cancellationToken) => inner.ReadAsync(name, cancellationToken);

        public Task<OpenedBlob?> OpenReadAsync(string name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);

        public async Task<string> WriteAsync(string name, BinaryData content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
        {
            crash.TrySetResult();
            // The process is dead from here on: this call never returns, whatever happens to the host.
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ListedBlob> ListAsync(string? prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<Uri?> TryCreateReadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken) => inner.TryCreateReadLinkAsync(name, lifetime, cancellationToken);
    }
}
