using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CodeFormer.Backend.Storage;

/// <summary>The backend's blob containers (uploads, work, results, models) and the few operations the stages use.</summary>
public sealed class BlobStore(BlobServiceClient service, BackendOptions options)
{
    public BlobContainerClient Uploads { get; } = service.GetBlobContainerClient(options.UploadsContainer);

    public BlobContainerClient Work { get; } = service.GetBlobContainerClient(options.WorkContainer);

    public BlobContainerClient Results { get; } = service.GetBlobContainerClient(options.ResultsContainer);

    public BlobContainerClient Models { get; } = service.GetBlobContainerClient(options.ModelsContainer);

    public BlobServiceClient Service => service;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { Uploads, Work, Results, Models })
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a whole blob; null when it does not exist.</summary>
    public static async Task<StoredBlob?> ReadAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        try
        {
            var result = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var details = result.Value.Details;
            return new StoredBlob(name, result.Value.Content, details.ETag.ToString(), details.ContentType, details.Metadata);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Writes (or overwrites) a blob.</summary>
    public static Task WriteAsync(BlobContainerClient container, string name, BinaryData content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata,
        };
        return container.GetBlobClient(name).UploadAsync(content, upload, cancellationToken);
    }
}
