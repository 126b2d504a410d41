using System.Text.Json;

namespace CodeFormer.Backend.Messaging;

/// <summary>
/// The message the Functions host puts on the <c>webjobs-blobtrigger-poison</c> queue when a blob trigger has failed
/// on a blob as many times as it retries (5 by default): which function, and which blob.
/// </summary>
public sealed record PoisonBlob(string FunctionId, string ContainerName, string BlobName)
{
    public const string QueueName = "webjobs-blobtrigger-poison";

    /// <summary>Reads the host's JSON; null when it is not a poison-blob message.</summary>
    public static PoisonBlob? Parse(string message)
    {
        try
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("FunctionId", out var function) && function.ValueKind == JsonValueKind.String
                && root.TryGetProperty("ContainerName", out var container) && container.ValueKind == JsonValueKind.String
                && root.TryGetProperty("BlobName", out var blob) && blob.ValueKind == JsonValueKind.String
                ? new PoisonBlob(function.GetString()!, container.GetString()!, blob.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
