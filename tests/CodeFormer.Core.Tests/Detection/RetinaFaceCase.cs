using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Detection;

/// <summary>One folder of ../shared/data/family/retinaface_resnet50/cases: recorded raw outputs and the official code's results on them.</summary>
public sealed class RetinaFaceCase
{
    private RetinaFaceCase(string folder, JsonElement json)
    {
        Folder = folder;
        Json = json;
        var geometry = json.GetProperty("geometry");
        DetectorHeight = geometry.GetProperty("detector_input_hw")[0].GetInt32();
        DetectorWidth = geometry.GetProperty("detector_input_hw")[1].GetInt32();
        ImageHeight = geometry.GetProperty("input_img_hw")[0].GetInt32();
        ImageWidth = geometry.GetProperty("input_img_hw")[1].GetInt32();
        Scale = geometry.GetProperty("scale").GetDouble();
    }

    public static IReadOnlyList<string> Names { get; } = ["00", "03", "synthetic", "synthetic_tie"];

    public string Folder { get; }

    public JsonElement Json { get; }

    public int DetectorWidth { get; }

    public int DetectorHeight { get; }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    public double Scale { get; }

    public IEnumerable<JsonElement> Runs => Json.GetProperty("runs").EnumerateArray();

    public static RetinaFaceCase Load(string name)
    {
        string folder = SharedData.File("family", "retinaface_resnet50", "cases", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        return new RetinaFaceCase(folder, doc.RootElement.Clone());
    }

    /// <summary>A recorded tensor by its key in "files" (loc, conf, landmarks, input), read in place.</summary>
    public float[] Tensor(string key)
    {
        var file = Json.GetProperty("files").GetProperty(key);
        string relative = file.TryGetProperty("path", out var p) ? p.GetString()! : file.GetProperty("file").GetString()!;
        return FloatArrays.Read(Path.GetFullPath(Path.Combine(Folder, relative)));
    }

    public static float[][] Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
}
