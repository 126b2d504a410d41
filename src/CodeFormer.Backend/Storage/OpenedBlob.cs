namespace CodeFormer.Backend.Storage;

/// <summary>A blob opened for streaming: its content (owned by this record), version, content type and length.</summary>
public sealed record OpenedBlob(Stream Content, string ETag, string? ContentType, long Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
