using System.Text.Json;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// The side file the folder store writes beside each blob it writes: the version's ETag, content type and metadata,
/// and the stamp of the data file they describe. A side file whose stamp no longer matches the data file (someone
/// replaced the file by hand) is ignored.
/// </summary>
internal sealed record FolderBlobProperties(string ETag, string ContentType, Dictionary<string, string> Metadata, long Length, long LastWriteTicks)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public bool Describes(FileStamp stamp) => stamp.Length == Length && stamp.LastWriteTicks == LastWriteTicks;

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>Reads a side file; null when it is missing or unreadable (then the blob has default properties).</summary>
    public static async Task<FolderBlobProperties?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var properties = JsonSerializer.Deserialize<FolderBlobProperties>(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), s_json);
            return properties is { ETag: not null, ContentType: not null, Metadata: not null }
                ? properties with { Metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase) }
                : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }
}
