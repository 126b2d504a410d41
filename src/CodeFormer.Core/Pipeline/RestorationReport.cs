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
    /// <summary>The detector that found the faces (e.g. retinaface_resnet50, blazeface), "landmarks" when the caller gave them; null for aligned inputs.</summary>
    public string? Detector { get; init; }

    /// <summary>Whether the official parse branch shaped the paste masks; null for aligned inputs (nothing is pasted).</summary>
    public bool? Parsed { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
