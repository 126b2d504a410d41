using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class GpuFunctionAppTests(CompiledInfrastructure infra)
{
    private const string T4 = "Consumption-GPU-NC8as-T4";
    private const string A100 = "Consumption-GPU-NC24-A100";

    private ArmTemplate Module => infra.Main.Module("app-gpu");

    private JsonObject App => Module.SingleCreated("Microsoft.App/containerApps");

    [Fact]
    public void IsAFunctionsContainerApp()
    {
        Assert.Equal("functionapp", (string?)App["kind"]);
    }

    [Fact]
    public void RunsOnTheServerlessGpuProfileT4ByDefaultA100AsAnOption()
    {
        JsonObject environment = Module.SingleCreated("Microsoft.App/managedEnvironments");
        var profiles = environment["properties"]!["workloadProfiles"]!.AsArray();
        string? appProfile = Module.Constant(App["properties"]!["workloadProfileName"]);
        JsonNode gpuProfile = profiles.Single(p => Module.Constant(p!["name"]) == appProfile)!;
        JsonNode mainParameter = infra.Main.Parameters["gpuWorkloadProfileType"]!;

        Assert.Equal(T4, Module.Constant(gpuProfile["workloadProfileType"]));
        Assert.Equal([T4, A100], mainParameter["allowedValues"]!.AsArray().Select(v => (string?)v));
        // A workload-profiles environment keeps the default Consumption profile beside the GPU one.
        Assert.Contains(profiles, p => (string?)p!["workloadProfileType"] == "Consumption");
    }

    [Fact]
    public void ScalesToZeroWhenTheRestoreQueueIsEmpty()
    {
        JsonNode scale = App["properties"]!["template"]!["scale"]!;

        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.InRange(int.Parse(Module.Constant(scale["maxReplicas"])!, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
    }

    [Fact]
    public void ImageIsPulledFromTheProjectRegistryWithTheAppsIdentity()
    {
        JsonNode configuration = App["properties"]!["configuration"]!;
        JsonNode registry = Assert.Single(configuration["registries"]!.AsArray())!;

        Assert.Equal(new ModuleOutput("container-registry", "loginServer"), ModuleOutput.Of(Module.Resolve(registry["server"])));
        Assert.Equal(new ModuleOutput("identity-gpu", "id"), ModuleOutput.Of(Module.Resolve(registry["identity"])));
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Null(configuration["secrets"]);
        Assert.Equal("identity-gpu", DeployedApp.Gpu(infra.Main).Identity);
    }

    [Fact]
    public void IngressStaysInsideTheEnvironment()
    {
        // Event-driven scaling of a Functions container app needs ingress on; nothing outside calls this app.
        JsonNode ingress = App["properties"]!["configuration"]!["ingress"]!;

        Assert.False((bool)ingress["external"]!);
        Assert.False((bool)ingress["allowInsecure"]!);
    }

    [Fact]
    public void ReplicaAsksForTheWholeGpuProfileSize()
    {
        JsonNode resources = App["properties"]!["template"]!["containers"]![0]!["resources"]!;
        JsonNode sizes = Module.Resolve(JsonValue.Create("[variables('replicaSizes')]"))!;

        Assert.Equal("[json(variables('replicaSizes')[parameters('gpuWorkloadProfileType')].cpu)]", (string?)resources["cpu"]);
        Assert.Equal(("8.0", "56Gi"), ((string?)sizes[T4]!["cpu"], (string?)sizes[T4]!["memory"]));
        Assert.Equal(("24.0", "220Gi"), ((string?)sizes[A100]!["cpu"], (string?)sizes[A100]!["memory"]));
    }

    [Fact]
    public void ReprovisioningKeepsTheDeployedImage()
    {
        ArmTemplate image = infra.Main.Module("app-gpu-image");

        Assert.Equal(new ModuleOutput("app-gpu-image", "image"), ModuleOutput.Of(Module.Resolve(App["properties"]!["template"]!["containers"]![0]!["image"])));
        Assert.Equal("[parameters('gpuAppExists')]", image.Resolve(JsonValue.Create("[parameters('exists')]"))?.ToString());
    }
}
