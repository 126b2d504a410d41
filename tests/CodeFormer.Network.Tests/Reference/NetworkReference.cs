using System.Text.Json;
using CodeFormer.Network.Parameters;
using CodeFormer.Testing;

namespace CodeFormer.Network.Tests.Reference;

/// <summary>The official network's reference data in ../shared/data/network, read in place.</summary>
internal static class NetworkReference
{
    public static IReadOnlyList<ParameterSpec> ManifestEntries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.File("network", "manifest.json")));
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new ParameterSpec(
                e.GetProperty("name").GetString()!,
                e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray()))
            .ToList();
    }

    public static string CheckpointKey()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.File("network", "manifest.json")));
        return doc.RootElement.GetProperty("checkpoint_key").GetString()!;
    }

    public static float[] Input() => ReadFloats(SharedData.File("network", "input.bin"));

    public static float[] Output(string w) => ReadFloats(SharedData.File("network", $"output_w{w}.bin"));

    /// <summary>Top code index per token and the top-1/top-2 logit margin per token, for fidelity <paramref name="w"/>.</summary>
    public static (int[] TopIndex, float[] Margin) Codes(string w)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.File("network", "reference.json")));
        var run = doc.RootElement.GetProperty("outputs").GetProperty(w);
        return (
            run.GetProperty("top_idx").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            run.GetProperty("top2_margin").EnumerateArray().Select(e => e.GetSingle()).ToArray());
    }

    private static float[] ReadFloats(string path) => FloatArrays.Read(path);
}
