using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace CodeFormer.Backend.Http;

/// <summary>
/// Short-lived read-only links to result blobs: a user delegation SAS when the app signs in with an identity
/// (Azure), a service SAS when it holds the account key (Azurite, connection strings).
/// </summary>
public sealed class ResultLinks(BlobServiceClient service, TimeProvider clock)
{
    public async Task<Uri?> TryCreateAsync(BlobClient blob, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var now = clock.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + lifetime)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-5), // tolerate clock skew between this host and storage
        };

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        try
        {
            var key = await service.GetUserDelegationKeyAsync(sas.StartsOn, sas.ExpiresOn, cancellationToken).ConfigureAwait(false);
            var query = sas.ToSasQueryParameters(key.Value, service.AccountName);
            return new BlobUriBuilder(blob.Uri) { Sas = query }.ToUri();
        }
        catch (Azure.RequestFailedException)
        {
            // No right to ask for a delegation key (missing role): the API streams the result instead.
            return null;
        }
    }
}
