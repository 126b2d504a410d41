using System.Text.Json;

namespace CodeFormer.Cli.Tests;

/// <summary>
/// The GC `codeformer` (and so `serve`) runs with, from the runtimeconfig.json beside the built CLI: one workstation
/// heap, background collections, a compacted large-object heap (the why is in CodeFormer.Cli.csproj).
/// </summary>
public sealed class GcSettingsTests
{
    [Fact]
    public void The_cli_runs_one_workstation_heap_that_conserves_memory()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "codeformer.runtimeconfig.json")));
        JsonElement properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(5, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
