namespace CodeFormer.Backend.Storage;

/// <summary>A blob read whole: its bytes, version (ETag), content type and metadata.</summary>
public sealed record StoredBlob(string Name, BinaryData Content, string ETag, string? ContentType, IDictionary<string, string> Metadata);
