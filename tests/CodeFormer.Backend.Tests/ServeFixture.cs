using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using CodeFormer.Network.Onnx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// <c>codeformer serve</c>'s web host on 127.0.0.1 with a free port, over Azurite (its own containers and table;
/// <see cref="FolderServeFixture"/> puts them in a local folder instead),
/// with the identity stand-in CodeFormer model, so a restored photo must come back as the photo.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 1_000_000;

    private readonly string _modelDir = Path.Combine(Path.GetTempPath(), "codeformer-backend-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>The in-process queues: tests send stage messages into them (duplicates, crafted messages) and wait for them to drain.</summary>
    public InProcessQueues Queues => Services.GetRequiredService<InProcessQueues>();

    public BlobStore Blobs => Services.GetRequiredService<BlobStore>();

    public JobStore Jobs => Services.GetRequiredService<JobStore>();

    /// <summary>Faults the tests inject: called before every delivery of every stage (through an <see cref="IStageDeliveryObserver"/>).</summary>
    public Func<Messaging.PipelineStage, Messaging.MessageDelivery, CancellationToken, Task>? BeforeDelivery { get; set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_modelDir);
        string model = ModelPath(_modelDir);

        var settings = await StorageSettingsAsync();
        settings["CodeFormer:ModelPath"] = model;
        settings["CodeFormer:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["CodeFormer:MaxDeliveryCount"] = "3";
        _app = LocalWebHost.Build("http://127.0.0.1:0", settings, services =>
        {
            services.Configure<InProcessHostOptions>(o =>
            {
                o.RedeliveryDelay = TimeSpan.FromMilliseconds(50);
                o.UploadPollInterval = TimeSpan.FromMilliseconds(100);
            });
            services.AddSingleton<IStageDeliveryObserver>(new DelegatingObserver(this));
        });
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Where the backend keeps blobs and jobs: its own containers and jobs table in Azurite.</summary>
    protected virtual async Task<Dictionary<string, string?>> StorageSettingsAsync()
    {
        await Azurite.EnsureRunningAsync();
        return TestStorage.IsolatedSettings(GetType().Name.ToLowerInvariant()[..4]);
    }

    /// <summary>The CodeFormer model the restore stage opens: the identity stand-in, written into <paramref name="folder"/>.</summary>
    protected virtual string ModelPath(string folder)
    {
        string model = Path.Combine(folder, "codeformer-identity.onnx");
        StandInModels.Identity().Save(model);
        return model;
    }

    /// <summary>Polls a job until it is done or failed.</summary>
    public async Task<JobRecord> WaitForJobAsync(string jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var job = await Jobs.GetAsync(jobId, CancellationToken.None);
            if (job is { IsFinished: true })
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} still {job?.Status.ToString() ?? "unrecorded"} after the timeout.");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until every queue is empty (nothing waiting, nothing in a handler).</summary>
    public async Task WaitForIdleAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Queues.Pending > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Queues.Pending} messages still pending.");
            await Task.Delay(50);
        }
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_modelDir, recursive: true);
    }

    private sealed class DelegatingObserver(ServeFixture fixture) : IStageDeliveryObserver
    {
        public Task OnDeliveryAsync(Messaging.PipelineStage stage, Messaging.MessageDelivery delivery, CancellationToken cancellationToken) =>
            fixture.BeforeDelivery?.Invoke(stage, delivery, cancellationToken) ?? Task.CompletedTask;
    }
}
