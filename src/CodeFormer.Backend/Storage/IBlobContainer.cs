namespace CodeFormer.Backend.Storage;

/// <summary>
/// One blob container as the stages and the API use it: whole-blob reads and writes, each version with its own
/// ETag, content type and metadata; listing; streaming reads; and, where the store can sign them, read-only links.
/// Implemented over Azure Blob Storage (<see cref="AzureBlobContainer"/>) and over a local folder
/// (<see cref="FolderBlobContainer"/>, for <c>codeformer serve --storage &lt;folder&gt;</c>).
/// </summary>
public interface IBlobContainer
{
    string Name { get; }

    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Reads a whole blob; null when it does not exist.</summary>
    Task<StoredBlob?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading without loading it whole; null when it does not exist.</summary>
    Task<OpenedBlob?> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes (or replaces) a blob. Readers see the old version or the new one, never part of one.
    /// Returns the new version's ETag.
    /// </summary>
    Task<string> WriteAsync(string name, BinaryData content, string contentType, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null);

    /// <summary>The blobs whose names start with <paramref name="prefix"/> (all when null), with their ETags.</summary>
    IAsyncEnumerable<ListedBlob> ListAsync(string? prefix, CancellationToken cancellationToken);

    /// <summary>
    /// A short-lived read-only link a client can fetch the blob from directly, or null when this store cannot give
    /// one (the API then streams the blob itself).
    /// </summary>
    Task<Uri?> TryCreateReadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken);
}
