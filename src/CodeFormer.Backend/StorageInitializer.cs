using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend;

/// <summary>
/// Creates the containers and the jobs table at start-up when they are missing (Azurite starts empty; in Azure the
/// infrastructure has made them and this finds them there).
/// </summary>
internal sealed class StorageInitializer(BlobStore blobs, JobStore jobs, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await jobs.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            logger.LogWarning(ex, "Could not check the storage containers and jobs table ({Status}); assuming they exist", ex.Status);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
