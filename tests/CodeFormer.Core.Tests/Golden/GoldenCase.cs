using System.Text.Json;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Golden;

/// <summary>One folder of ../shared/data/golden: an input, its exact landmarks and the official runs on it.</summary>
public sealed class GoldenCase
{
    private GoldenCase(string name, string folder, JsonElement json)
    {
        Name = name;
        Folder = folder;
        Width = json.GetProperty("width").GetInt32();
        Height = json.GetProperty("height").GetInt32();
        Landmarks = json.GetProperty("landmarks").EnumerateArray()
            .Select(face => FaceLandmarks.Official(
                Point(face[0]), Point(face[1]), Point(face[2]), Point(face[3]), Point(face[4])))
            .ToArray();
        Runs = json.GetProperty("runs").EnumerateArray().Select(run => new GoldenRun(
            run.GetProperty("upscale").GetInt32(),
            run.GetProperty("restorer").GetString()!,
            run.GetProperty("paste").GetString()!,
            run.GetProperty("working_scale").GetDouble(),
            run.GetProperty("is_gray").GetBoolean(),
            run.GetProperty("affine").EnumerateArray().Select(Matrix).ToArray(),
            run.GetProperty("inverse_affine").EnumerateArray().Select(Matrix).ToArray(),
            run.TryGetProperty("crops", out var crops) ? crops.EnumerateArray().Select(c => c.GetString()!).ToArray() : [])).ToArray();
    }

    public static IReadOnlyList<string> Names { get; } = ["gray_scene", "single_portrait_upright", "small_image_upscaled", "two_faces_tilted"];

    public string Name { get; }

    public string Folder { get; }

    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<FaceLandmarks> Landmarks { get; }

    public IReadOnlyList<GoldenRun> Runs { get; }

    public static GoldenCase Load(string name)
    {
        string folder = SharedData.File("golden", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        return new GoldenCase(name, folder, doc.RootElement.Clone());
    }

    public RgbImage Input() => ImageFiles.ReadRgb(Path.Combine(Folder, "input.png"));

    public RgbImage Image(string file) => ImageFiles.ReadRgb(Path.Combine(Folder, file));

    private static Point2 Point(JsonElement p) => new(p[0].GetDouble(), p[1].GetDouble());

    private static AffineMatrix Matrix(JsonElement m) =>
        new(m[0][0].GetDouble(), m[0][1].GetDouble(), m[0][2].GetDouble(), m[1][0].GetDouble(), m[1][1].GetDouble(), m[1][2].GetDouble());
}

public sealed record GoldenRun(
    int Upscale,
    string Restorer,
    string Paste,
    double WorkingScale,
    bool IsGray,
    IReadOnlyList<AffineMatrix> Affine,
    IReadOnlyList<AffineMatrix> InverseAffine,
    IReadOnlyList<string> Crops);
