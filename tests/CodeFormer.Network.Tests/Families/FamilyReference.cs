using System.Text.Json;
using CodeFormer.Network.Parameters;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Families;

/// <summary>One network folder of ../shared/data/family (manifest, reference tensors, tiny checkpoints), read in place.</summary>
internal sealed class FamilyReference(string folder)
{
    public static FamilyReference ResNet50 { get; } = new("retinaface_resnet50");

    public static FamilyReference MobileNet025 { get; } = new("retinaface_mobilenet0.25");

    public static FamilyReference ParseNet { get; } = new("parsenet");

    public string Folder => folder;

    public string File(string name) => SharedData.File("family", folder, name);

    /// <summary>The manifest's entries in checkpoint order; int64 entries (num_batches_tracked) as optional.</summary>
    public IReadOnlyList<ParameterSpec> ManifestEntries()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("manifest.json")));
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new ParameterSpec(
                e.GetProperty("name").GetString()!,
                e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
                Optional: e.GetProperty("dtype").GetString() == "int64"))
            .ToList();
    }

    public string ManifestString(string property)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("manifest.json")));
        return doc.RootElement.GetProperty(property).GetString()!;
    }

    public float[] Floats(string name) => FloatArrays.Read(File(name));

    /// <summary>The largest |a − b| and that difference relative to the reference's range (max − min).</summary>
    public static (float MaxAbs, float RelativeToRange) Compare(float[] expected, float[] actual)
    {
        float max = FloatArrays.MaxAbsDifference(expected, actual);
        float range = expected.Max() - expected.Min();
        return (max, max / range);
    }
}
