namespace CodeFormer.Backend.Storage;

/// <summary>A blob as a listing shows it: its name and the ETag of its current version.</summary>
public sealed record ListedBlob(string Name, string ETag);
