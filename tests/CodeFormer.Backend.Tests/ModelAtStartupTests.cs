using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Stages;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// A restoring host whose CodeFormer model is missing or not a CodeFormer export does not start: one exception whose
/// message names the model and the reason, before any job is accepted (not five failed deliveries per job).
/// </summary>
public sealed class ModelAtStartupTests
{
    [Fact]
    public async Task A_model_that_does_not_fit_stops_the_host_at_start_up()
    {
        var error = await StartAsync(SharedData.File("models", "yunet-2023mar.onnx"));
        Assert.Contains("yunet-2023mar.onnx cannot be used", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not a CodeFormer model", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_missing_model_stops_the_host_at_start_up()
    {
        using var temp = new TempFolder();
        var error = await StartAsync(temp.File("nowhere.onnx"));
        Assert.Equal($"The CodeFormer model {temp.File("nowhere.onnx")} cannot be used: the file does not exist", error.Message);
    }

    private static async Task<ModelUnavailableException> StartAsync(string model)
    {
        using var storage = new TempFolder();
        await using var app = LocalWebHost.Build("http://127.0.0.1:0", new Dictionary<string, string?>
        {
            ["CodeFormerStorage:folder"] = storage.File("data"),
            ["CodeFormer:ModelPath"] = model,
        });
        return await Assert.ThrowsAsync<ModelUnavailableException>(() => app.StartAsync());
    }
}
