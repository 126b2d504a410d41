namespace CodeFormer.Network.Fetching;

public enum FetchStage
{
    Downloading,
    Verifying,
    Converting,
}

/// <summary>Progress of a fetch: the stage and, while downloading, bytes on disk out of the total when the server says it.</summary>
public readonly record struct FetchProgress(FetchStage Stage, long Bytes, long? TotalBytes);
