using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeFormer.Backend.Messaging;

/// <summary>
/// The claim-check message that hands a job to its next stage: ids and blob paths, never pixels.
/// Serialised as versioned JSON; <see cref="MessageId"/> is stable per job and stage so that Service Bus duplicate
/// detection drops a resend, and the job id travels as the correlation id. A message the sweeper sends to resume a
/// stuck job carries its <see cref="Resume"/> number in its id, so duplicate detection cannot drop it.
/// </summary>
/// <param name="JobId">The job the message belongs to.</param>
/// <param name="Stage">The stage that must handle it (<see cref="PipelineStage.Restore"/> or <see cref="PipelineStage.Paste"/>).</param>
/// <param name="ManifestPath">The job manifest in the work container.</param>
/// <param name="Inputs">The blobs in the work container the stage reads: aligned crops for restore, restored faces for paste.</param>
/// <param name="Attempt">Which delivery of the previous stage's work sent this message (1 on a first try).</param>
public sealed record StageMessage(string JobId, PipelineStage Stage, string ManifestPath, IReadOnlyList<string> Inputs, int Attempt = 1)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public int Version { get; init; } = CurrentVersion;

    /// <summary>0 for the pipeline's own message; n for the sweeper's n-th resume of the job.</summary>
    public int Resume { get; init; }

    public string MessageId => Resume == 0
        ? $"{JobId}-{Stage.ToString().ToLowerInvariant()}"
        : $"{JobId}-{Stage.ToString().ToLowerInvariant()}-resume{Resume}";

    public BinaryData ToBinary() => BinaryData.FromObjectAsJson(this, s_json);

    /// <summary>Reads a message body; a body that is not a message of a known version is a <see cref="MalformedMessageException"/>.</summary>
    public static StageMessage Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        StageMessage? message;
        try
        {
            message = body.ToObjectFromJson<StageMessage>(s_json);
        }
        catch (JsonException ex)
        {
            throw new MalformedMessageException($"The message body is not a stage message: {ex.Message}", ex);
        }

        if (message is null || string.IsNullOrWhiteSpace(message.JobId) || string.IsNullOrWhiteSpace(message.ManifestPath) || message.Inputs is null)
        {
            throw new MalformedMessageException("The stage message lacks its job id, manifest path or inputs.");
        }

        if (message.Version != CurrentVersion)
        {
            throw new MalformedMessageException($"Stage message version {message.Version} is not supported (this build reads version {CurrentVersion}).");
        }

        return message;
    }
}
