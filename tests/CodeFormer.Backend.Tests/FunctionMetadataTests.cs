using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// What the Functions host will be told: the function metadata the Worker SDK generated at build time for both
/// apps (functions.metadata), and the host extensions it bundled (extensions.json, the WorkerExtensions project).
/// </summary>
public sealed class FunctionMetadataTests
{
    private const string PublishCheckConfiguration = "ServiceBusPublishCheck";

    private static readonly string s_configuration =
        typeof(FunctionMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    [Fact]
    public void Cpu_app_declares_the_detect_blob_trigger_with_Event_Grid_source()
    {
        var detect = Trigger(Functions("CodeFormer.Functions"), "Detect");
        Assert.Equal("blobTrigger", detect.GetProperty("type").GetString());
        Assert.Equal("uploads/{name}", detect.GetProperty("path").GetString());
        Assert.Equal("EventGrid", detect.GetProperty("source").GetString());
        Assert.Equal("CodeFormerStorage", detect.GetProperty("connection").GetString());
    }

    [Fact]
    public void Cpu_app_listens_to_the_blob_triggers_poison_queue_on_the_uploads_account()
    {
        var gaveUp = Trigger(Functions("CodeFormer.Functions"), "DetectGaveUp");
        Assert.Equal("queueTrigger", gaveUp.GetProperty("type").GetString());
        Assert.Equal("webjobs-blobtrigger-poison", gaveUp.GetProperty("queueName").GetString());
        Assert.Equal("CodeFormerStorage", gaveUp.GetProperty("connection").GetString());
    }

    [Fact]
    public void Cpu_app_reads_undelivered_upload_events_every_five_minutes()
    {
        var timer = Trigger(Functions("CodeFormer.Functions"), "UndeliveredUploads");
        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal("0 */5 * * * *", timer.GetProperty("schedule").GetString());
    }

    [Theory]
    [InlineData("CodeFormer.Functions", "Paste", "%PasteQueueName%")]
    [InlineData("CodeFormer.Functions", "RestoreDeadLetter", "%RestoreQueueName%/$deadletterqueue")]
    [InlineData("CodeFormer.Functions", "PasteDeadLetter", "%PasteQueueName%/$deadletterqueue")]
    [InlineData("CodeFormer.Functions.Gpu", "Restore", "%RestoreQueueName%")]
    public void Service_bus_triggers_name_their_queue_and_connection_settings(string app, string function, string queue)
    {
        var trigger = Trigger(Functions(app), function);
        Assert.Equal("serviceBusTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal(queue, trigger.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", trigger.GetProperty("connection").GetString());
        Assert.Equal("Binary", trigger.GetProperty("dataType").GetString());
        Assert.True(trigger.GetProperty("autoCompleteMessages").GetBoolean());
    }

    [Theory]
    [InlineData("SubmitRestoration", "post", "restorations", "Function")]
    [InlineData("GetRestoration", "get", "restorations/{id}", "Function")]
    [InlineData("GetRestorationResult", "get", "restorations/{id}/result", "Function")]
    [InlineData("OpenApiDocument", "get", "openapi.json", "Anonymous")]
    public void Http_routes_are_declared_with_their_auth_level(string function, string method, string route, string authLevel)
    {
        var functions = Functions("CodeFormer.Functions");
        var trigger = Trigger(functions, function);
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(Bindings(functions, function), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Fact]
    public void Cpu_app_sweeps_stuck_jobs_on_a_five_minute_timer()
    {
        var sweep = Trigger(Functions("CodeFormer.Functions"), "SweepStuckJobs");
        Assert.Equal("timerTrigger", sweep.GetProperty("type").GetString());
        Assert.Equal("0 */5 * * * *", sweep.GetProperty("schedule").GetString());
    }

    [Fact]
    public void Paths_and_methods_no_route_takes_reach_the_catch_all_that_answers_problem_json()
    {
        var functions = Functions("CodeFormer.Functions");
        var trigger = Trigger(functions, "NoRoute");
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(["delete", "get", "head", "options", "patch", "post", "put"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Order());
    }

    [Fact]
    public void Each_app_holds_exactly_its_own_functions()
    {
        Assert.Equal(
            ["Detect", "DetectGaveUp", "GetRestoration", "GetRestorationResult", "NoRoute", "OpenApiDocument", "Paste", "PasteDeadLetter", "RestoreDeadLetter", "SubmitRestoration", "SweepStuckJobs", "UndeliveredUploads"],
            Functions("CodeFormer.Functions").Select(f => f.GetProperty("name").GetString()).Order());
        Assert.Equal(["Restore"], Functions("CodeFormer.Functions.Gpu").Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public void Offline_build_bundles_the_blob_extension_and_leaves_service_bus_to_the_publish_build()
    {
        string bin = BinDirectory("CodeFormer.Functions");
        string extensions = File.ReadAllText(Path.Combine(bin, "extensions.json"));
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs", extensions, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues", extensions, StringComparison.Ordinal);
        Assert.DoesNotContain("ServiceBus", extensions, StringComparison.Ordinal);
        string project = File.ReadAllText(WorkerExtensionsProject("CodeFormer.Functions", s_configuration));
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs", project, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Azure.WebJobs.Extensions.ServiceBus", project, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the Worker SDK's own metadata generation as a publish does (RegisterServiceBusExtension=true), without
    /// restoring the extension project (the Service Bus extension is not in this machine's package mirror): the
    /// project it writes must reference the official host extension, 5.23 or later. It builds in a configuration
    /// of its own, so the Debug and Release outputs the other tests read are left as they are.
    /// </summary>
    [Fact]
    public async Task Publish_build_registers_the_official_service_bus_host_extension()
    {
        string project = Path.Combine(SharedData.FindRepoRoot(), "src", "CodeFormer.Functions", "CodeFormer.Functions.csproj");
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", PublishCheckConfiguration, "-p:RegisterServiceBusExtension=true", "-p:_FunctionsBuildEnabled=false", "-t:Build", "-t:_FunctionsGenerateCommon", "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(8)).Token);
        Assert.True(build.ExitCode == 0, $"publish-mode build failed: {await output} {await errors}");

        string generated = File.ReadAllText(WorkerExtensionsProject("CodeFormer.Functions", PublishCheckConfiguration));
        var reference = System.Text.RegularExpressions.Regex.Match(generated, "Include=\"Microsoft.Azure.WebJobs.Extensions.ServiceBus\" Version=\"([0-9.]+)\"");
        Assert.True(reference.Success, generated);
        Assert.True(Version.Parse(reference.Groups[1].Value) >= new Version(5, 23, 0), reference.Value);
        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs", generated, StringComparison.Ordinal);

        string metadata = Path.Combine(SharedData.FindRepoRoot(), "src", "CodeFormer.Functions", "obj", PublishCheckConfiguration, "net10.0", "functions.metadata");
        using var doc = JsonDocument.Parse(File.ReadAllText(metadata));
        Assert.Equal("%PasteQueueName%", Trigger(doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray(), "Paste").GetProperty("queueName").GetString());
    }

    private static string BinDirectory(string app) =>
        Path.Combine(SharedData.FindRepoRoot(), "src", app, "bin", s_configuration, "net10.0");

    private static string WorkerExtensionsProject(string app, string configuration) =>
        Path.Combine(SharedData.FindRepoRoot(), "src", app, "obj", configuration, "net10.0", "WorkerExtensions", "WorkerExtensions.csproj");

    private static JsonElement[] Functions(string app)
    {
        string path = Path.Combine(BinDirectory(app), "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the test project builds both Function apps first.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static IEnumerable<JsonElement> Bindings(JsonElement[] functions, string name) =>
        functions.Single(f => f.GetProperty("name").GetString() == name).GetProperty("bindings").EnumerateArray();

    private static JsonElement Trigger(JsonElement[] functions, string name) =>
        Bindings(functions, name).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
}
