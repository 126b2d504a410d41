using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeFormer.Core.Pipeline;

/// <summary>What happened to one input: sizes, the faces found and the time each stage took.</summary>
public sealed record RestorationReport(
    string Input,
    int InputWidth,
    int InputHeight,
    int OutputWidth,
    int OutputHeight,
    double WorkingScale,
    bool IsGray,
    double Fidelity,
    int Upscale,
    IReadOnlyList<FaceReport> Faces,
    StageTimings Timings)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Which of the paper's tasks ran (restore, colorize, inpaint).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<FaceTask>))]
    public FaceTask Task { get; init; } = FaceTask.Restore;

    /// <summary>The background upsampler that ran, or null (bilinear enlargement).</summary>
    public string? BackgroundUpsampler { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
