namespace CodeFormer.Backend.Storage;

/// <summary>The backend's blob containers (uploads, work, results, models), in Azure or in a local folder.</summary>
public sealed class BlobStore(IBlobContainer uploads, IBlobContainer work, IBlobContainer results, IBlobContainer models)
{
    public IBlobContainer Uploads => uploads;

    public IBlobContainer Work => work;

    public IBlobContainer Results => results;

    public IBlobContainer Models => models;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { Uploads, Work, Results, Models })
        {
            await container.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
