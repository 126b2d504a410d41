using System.Text.Json;
using CodeFormer.Network.Parameters;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Family;

/// <summary>One folder of ../shared/data/family (a network of the official pipeline), read in place.</summary>
internal sealed class FamilyReference(string folder)
{
    public string Folder { get; } = folder;

    public string File(params string[] parts) => SharedData.File(["family", Folder, .. parts]);

    public IReadOnlyList<ParameterSpec> ManifestEntries()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("manifest.json")));
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new ParameterSpec(
                e.GetProperty("name").GetString()!,
                e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray()))
            .ToList();
    }

    public string CheckpointKey()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("manifest.json")));
        return doc.RootElement.GetProperty("checkpoint_key").GetString()!;
    }

    public JsonElement Reference()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("reference.json")));
        return doc.RootElement.Clone();
    }

    public float[] Floats(string name) => FloatArrays.Read(File(name));
}
