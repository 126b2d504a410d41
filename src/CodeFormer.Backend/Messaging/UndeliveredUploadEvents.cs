using System.Text.Json;
using CodeFormer.Backend.Stages;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Messaging;

/// <summary>
/// Event Grid's dead letters for the uploads subscription. When Event Grid gives up delivering a BlobCreated event
/// to the detect function (its retry policy ran out, or the event expired), it writes a blob holding a JSON array of
/// the events, each with its <c>subject</c> (<c>/blobServices/default/containers/{container}/blobs/{name}</c>) and
/// <c>deadLetterReason</c>. Detection never ran for those uploads, so their jobs are failed with the reason here
/// instead of staying "queued" for ever.
/// </summary>
public sealed class UndeliveredUploadEvents(DetectStage detect, BackendOptions options, ILogger<UndeliveredUploadEvents> logger)
{
    private const string SubjectPrefix = "/blobServices/default/containers/";

    /// <summary>
    /// Fails the job of every upload named in one dead-letter blob. Returns false, and changes nothing, when the blob
    /// is not a dead-lettered event array (it is then kept for a person to look at).
    /// </summary>
    public async Task<bool> HandleAsync(BinaryData deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        List<(string Upload, string Reason)>? events = Parse(deadLetter);
        if (events is null)
        {
            logger.LogError("An Event Grid dead letter that is not an array of events was left in place");
            return false;
        }

        foreach ((string upload, string reason) in events)
        {
            await detect.GiveUpAsync(upload, $"its upload event was never delivered to detection ({reason})", cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private List<(string Upload, string Reason)>? Parse(BinaryData deadLetter)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(deadLetter.ToMemory());
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            IEnumerable<JsonElement> items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            {
                return null;
            }

            var events = new List<(string, string)>();
            string uploads = SubjectPrefix + options.UploadsContainer + "/blobs/";
            foreach (JsonElement item in items)
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("subject", out JsonElement subject) || subject.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                string path = subject.GetString()!;
                if (!path.StartsWith(uploads, StringComparison.Ordinal) || path.Length == uploads.Length)
                {
                    logger.LogWarning("Ignoring a dead-lettered event about {Subject}, which is not an upload", path);
                    continue;
                }

                events.Add((path[uploads.Length..], Describe(item)));
            }

            return events;
        }
    }

    private static string Describe(JsonElement item)
    {
        string reason = Text(item, "deadLetterReason") ?? "dead-lettered";
        string? attempts = item.TryGetProperty("deliveryAttempts", out JsonElement count) && count.ValueKind == JsonValueKind.Number ? $"{count.GetInt32()} attempts" : null;
        string? outcome = Text(item, "lastDeliveryOutcome");
        return string.Join(", ", new[] { reason, attempts, outcome is null ? null : "last outcome " + outcome }.Where(p => p is not null));
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
