using System.Reflection;
using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// The GC each host runs with, read from the runtimeconfig.json its build writes (what the runtime reads at start).
/// The why of each choice is in the host's .csproj; the figures in the README ("Memory after a burst").
/// </summary>
public sealed class HostGcSettingsTests
{
    private static readonly string s_configuration =
        typeof(HostGcSettingsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    [Theory]
    // The CPU app: 2–4 GB per Flex Consumption instance, so one heap and a compacted large-object heap.
    [InlineData("CodeFormer.Functions", "CodeFormer.Functions", 5)]
    // The GPU app: tens of GiB per replica and native allocations; one heap, no extra compaction.
    [InlineData("CodeFormer.Functions.Gpu", "CodeFormer.Functions.Gpu", null)]
    public void Each_function_app_runs_one_workstation_heap_with_its_chosen_compaction(string project, string assembly, int? conserveMemory)
    {
        JsonElement properties = ConfigProperties(project, assembly);

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        if (conserveMemory is null)
        {
            Assert.False(properties.TryGetProperty("System.GC.ConserveMemory", out _));
        }
        else
        {
            Assert.Equal(conserveMemory, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
        }
    }

    internal static JsonElement ConfigProperties(string project, string assembly)
    {
        string path = Path.Combine(SharedData.FindRepoRoot(), "src", project, "bin", s_configuration, "net10.0", assembly + ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
