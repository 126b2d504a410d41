using System.Security.Cryptography;
using System.Text.Json;

namespace CodeFormer.Network.Fetching;

/// <summary>Size and SHA-256 of a downloaded checkpoint, kept as a small JSON file beside it.</summary>
public sealed record CheckpointRecord(string Url, long SizeBytes, string Sha256, DateTimeOffset RecordedAt)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static CheckpointRecord? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CheckpointRecord>(File.ReadAllText(path), s_json)
                ?? throw new ModelFetchException($"The checkpoint record {path} is empty; delete it or fetch with --force.");
        }
        catch (JsonException ex)
        {
            throw new ModelFetchException($"The checkpoint record {path} is not valid JSON ({ex.Message}); delete it or fetch with --force.", ex);
        }
    }

    public void Write(string path)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, s_json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Size and lowercase hex SHA-256 of a file.</summary>
    public static async Task<(long Size, string Sha256)> MeasureAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }
}
