using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CodeFormer.Backend.Http;

namespace CodeFormer.Backend.Storage;

/// <summary>A container in Azure Blob Storage (or Azurite); result links are SAS links made by <see cref="ResultLinks"/>.</summary>
public sealed class AzureBlobContainer(BlobContainerClient container, ResultLinks links) : IBlobContainer
{
    public string Name => container.Name;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<StoredBlob?> ReadAsync(string name, CancellationToken cancellationToken)
    {
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

    public async Task<OpenedBlob?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var details = result.Value.Details;
            return new OpenedBlob(result.Value.Content, details.ETag.ToString(), details.ContentType, details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<string> WriteAsync(string name, BinaryData content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata,
        };
        var result = await container.GetBlobClient(name).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
        return result.Value.ETag.ToString();
    }

    public async IAsyncEnumerable<ListedBlob> ListAsync(string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return new ListedBlob(blob.Name, blob.Properties.ETag?.ToString() ?? "");
        }
    }

    public Task<Uri?> TryCreateReadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken) =>
        links.TryCreateAsync(container.GetBlobClient(name), lifetime, cancellationToken);
}
