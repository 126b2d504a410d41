using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

/// <summary>
/// The settings the Functions code reads (local.settings.sample.json names them all) against what each app gets
/// in Azure: each in the app that reads it, connections as identity-based settings for the app's own identity.
/// </summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class AppSettingsTests(CompiledInfrastructure infra)
{
    [Flags]
    private enum Apps
    {
        None = 0,
        Cpu = 1,
        Gpu = 2,
        Both = Cpu | Gpu,
    }

    // Which app reads which setting. A name added to local.settings.sample.json fails the first test until it
    // is placed here, and so deployed (or deliberately kept local).
    private static readonly Dictionary<string, Apps> ReadBy = new()
    {
        // Flex Consumption takes the runtime from functionAppConfig (checked below) and refuses the setting.
        ["FUNCTIONS_WORKER_RUNTIME"] = Apps.Gpu,
        ["AzureWebJobsStorage"] = Apps.Both,
        ["CodeFormerStorage"] = Apps.Both,
        ["ServiceBusConnection"] = Apps.Both,
        ["RestoreQueueName"] = Apps.Both,
        ["PasteQueueName"] = Apps.Both,
        ["CodeFormer__UploadsContainer"] = Apps.Both,
        ["CodeFormer__ResultsContainer"] = Apps.Both,
        ["CodeFormer__WorkContainer"] = Apps.Both,
        ["CodeFormer__ModelsContainer"] = Apps.Both,
        ["CodeFormer__JobsTable"] = Apps.Both,
        // A local file path; in Azure the model is read from the models container (CodeFormer__ModelBlobName).
        ["CodeFormer__ModelPath"] = Apps.None,
        ["CodeFormer__ModelBlobName"] = Apps.Gpu,
        ["CodeFormer__Device"] = Apps.Gpu,
        ["CodeFormer__MaxBatchSize"] = Apps.Gpu,
        ["CodeFormer__Detector"] = Apps.Cpu,
        ["CodeFormer__MaxUploadBytes"] = Apps.Cpu,
        ["CodeFormer__MaxPixels"] = Apps.Cpu,
        ["CodeFormer__MaxOutputPixels"] = Apps.Cpu,
        ["CodeFormer__ResultLinkMinutes"] = Apps.Cpu,
        // Sized for each app's memory, so not a constant (MaxConcurrentStageWorkIsSizedForEachAppsMemory).
        ["CodeFormer__MaxConcurrentStageWork"] = Apps.Both,
        ["UploadEventsDeadLetterContainer"] = Apps.Cpu,
        // Only the in-process host counts deliveries; in Azure the queues' own max delivery count dead-letters.
        ["CodeFormer__MaxDeliveryCount"] = Apps.None,
        // The sweeper's defaults (30 min, 2 resumes) are the deployed values; set these on the CPU app only to change them.
        ["CodeFormer__StuckJobAfter"] = Apps.None,
        ["CodeFormer__MaxResumes"] = Apps.None,
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = Apps.Both,
    };

    // Deployed values that differ from the local sample on purpose.
    private static readonly Dictionary<string, string> AzureValues = new()
    {
        ["CodeFormer__Device"] = "Cuda",
    };

    // Identity-based form of each connection: the endpoint settings and the module output each must point at.
    private static readonly Dictionary<string, (string Setting, ModuleOutput Target)[]> ConnectionEndpoints = new()
    {
        ["AzureWebJobsStorage"] = [("accountName", new("storage-host", "name"))],
        ["CodeFormerStorage"] =
        [
            ("blobServiceUri", new("storage-data", "blobEndpoint")),
            ("queueServiceUri", new("storage-data", "queueEndpoint")),
            ("tableServiceUri", new("storage-data", "tableEndpoint")),
        ],
        ["ServiceBusConnection"] = [("fullyQualifiedNamespace", new("service-bus", "fullyQualifiedNamespace"))],
    };

    private static readonly Lazy<Dictionary<string, string>> Sample = new(ReadSample);

    public static TheoryData<string> SampleNames => new(Sample.Value.Keys);

    // Settings with a fixed value (not a connection, not an address known only after deployment).
    public static TheoryData<string> ConstantSampleNames =>
        new(Sample.Value.Keys.Where(n => !IsConnection(n) && n != "APPLICATIONINSIGHTS_CONNECTION_STRING" && n != "CodeFormer__MaxConcurrentStageWork" && ReadBy[n] != Apps.None));

    private DeployedApp CpuApp => DeployedApp.Cpu(infra.Main);

    private DeployedApp GpuApp => DeployedApp.Gpu(infra.Main);

    [Fact]
    public void EverySettingTheCodeReadsIsPlaced()
    {
        Assert.Equal(Sample.Value.Keys.Order(), ReadBy.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EachSettingIsInTheAppsThatReadItAndOnlyThere(string name)
    {
        foreach (DeployedApp app in new[] { CpuApp, GpuApp })
        {
            bool reads = ReadBy[name].HasFlag(app.Name == "cpu" ? Apps.Cpu : Apps.Gpu);
            bool present = app.Settings.ContainsKey(name) || app.Settings.Keys.Any(k => k.StartsWith(name + "__", StringComparison.Ordinal) && IsConnection(name));
            Assert.True(reads == present, $"{name} {(reads ? "missing from" : "should not be in")} the {app.Name} app");
        }
    }

    [Theory]
    [MemberData(nameof(ConstantSampleNames))]
    public void ConstantSettingsMatchTheSampleUnlessAzureNeedsOtherwise(string name)
    {
        string expected = AzureValues.GetValueOrDefault(name, Sample.Value[name]);
        var apps = new[] { CpuApp, GpuApp }.Where(a => a.Settings.ContainsKey(name)).ToList();

        Assert.NotEmpty(apps);
        Assert.All(apps, app => Assert.Equal(expected, app.Module.Constant(app.Settings[name])));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void ConnectionsUseTheAppsOwnManagedIdentityAndNoConnectionString(string appName)
    {
        DeployedApp app = appName == "cpu" ? CpuApp : GpuApp;
        foreach (string connection in Sample.Value.Keys.Where(IsConnection))
        {
            Assert.False(app.Settings.ContainsKey(connection), $"{connection} as a connection string in the {appName} app");
            Assert.Equal("managedidentity", app.Module.Constant(app.Settings[$"{connection}__credential"]));
            Assert.Equal(new ModuleOutput(app.Identity, "clientId"), ModuleOutput.Of(app.Settings[$"{connection}__clientId"]));
            foreach ((string setting, ModuleOutput target) in ConnectionEndpoints[connection])
            {
                Assert.Equal(target, ModuleOutput.Of(app.Settings[$"{connection}__{setting}"]));
            }
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void TelemetryIsSentWithTheAppsIdentity(string appName)
    {
        DeployedApp app = appName == "cpu" ? CpuApp : GpuApp;

        Assert.Equal(new ModuleOutput("monitoring", "applicationInsightsConnectionString"), ModuleOutput.Of(app.Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]));
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", app.Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.ToString());
        Assert.Equal(new ModuleOutput(app.Identity, "clientId"), ModuleOutput.Of(app.Module.ResolveInnerParameter("parameters('identityClientId')")));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void NoSettingIsUnknownToTheCode(string appName)
    {
        // Catches a misspelt name, which the code would silently not read.
        DeployedApp app = appName == "cpu" ? CpuApp : GpuApp;
        var known = new HashSet<string>(Sample.Value.Keys.Where(n => !IsConnection(n))) { "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" };
        foreach (string connection in Sample.Value.Keys.Where(IsConnection))
        {
            known.Add($"{connection}__credential");
            known.Add($"{connection}__clientId");
            known.UnionWith(ConnectionEndpoints[connection].Select(e => $"{connection}__{e.Setting}"));
        }

        Assert.Empty(app.Settings.Keys.Except(known));
    }

    [Fact]
    public void ContainerQueueAndTableSettingsNameResourcesThatExist()
    {
        ArmTemplate data = infra.Main.Module("storage-data");
        ArmTemplate serviceBus = infra.Main.Module("service-bus");
        var containers = data.Resolve(JsonValue.Create("[parameters('containerNames')]"))!.AsArray().Select(n => data.Constant(n)).ToHashSet();
        var tables = data.Resolve(JsonValue.Create("[parameters('tableNames')]"))!.AsArray().Select(n => data.Constant(n)).ToHashSet();
        var queues = serviceBus.Resolve(JsonValue.Create("[parameters('queues')]"))!.AsArray().Select(q => serviceBus.Constant(q!["name"])).ToHashSet();

        foreach (DeployedApp app in new[] { CpuApp, GpuApp })
        {
            foreach ((string name, JsonNode? value) in app.Settings)
            {
                string? constant = app.Module.Constant(value);
                if (name.EndsWith("Container", StringComparison.Ordinal))
                {
                    Assert.Contains(constant, containers);
                }
                else if (name.EndsWith("QueueName", StringComparison.Ordinal))
                {
                    Assert.Contains(constant, queues);
                }
                else if (name.EndsWith("Table", StringComparison.Ordinal))
                {
                    Assert.Contains(constant, tables);
                }
            }
        }
    }

    [Fact]
    public void MaxConcurrentStageWorkIsSizedForEachAppsMemory()
    {
        // CPU: one heavy stage run per 2 GB of the Flex Consumption instance memory (1 at 2048 MB, 2 at 4096 MB).
        Assert.Equal("[string(div(parameters('instanceMemoryMB'), 2048))]", CpuApp.Settings["CodeFormer__MaxConcurrentStageWork"]!.ToString());
        var memorySizes = CpuApp.Module.Parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!).ToList();
        Assert.All(memorySizes, mb => Assert.InRange(mb / 2048, 1, 2));

        // GPU: a count per serverless GPU profile, one for every profile the app can be given.
        Assert.Equal("[string(variables('replicaSizes')[parameters('gpuWorkloadProfileType')].stageWork)]", GpuApp.Settings["CodeFormer__MaxConcurrentStageWork"]!.ToString());
        var profiles = GpuApp.Module.Parameters["gpuWorkloadProfileType"]!["allowedValues"]?.AsArray().Select(v => (string)v!).ToList()
            ?? infra.Main.Parameters["gpuWorkloadProfileType"]!["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();
        var sizes = GpuApp.Module.Resolve(JsonValue.Create("[variables('replicaSizes')]"))!;
        Assert.All(profiles, p => Assert.True((int)sizes[p]!["stageWork"]! >= 1, p + " has no stageWork"));
    }

    [Fact]
    public void CpuAppsWorkerRuntimeIsTheSamplesThroughFlexConsumption()
    {
        JsonNode runtime = CpuApp.Module.SingleCreated("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal(Sample.Value["FUNCTIONS_WORKER_RUNTIME"], (string?)runtime["name"]);
    }

    /// <summary>Locally a connection string; in Azure a set of identity-based settings under the same name.</summary>
    private static bool IsConnection(string name)
    {
        string value = Sample.Value[name];
        return value.Contains("UseDevelopmentStorage=", StringComparison.Ordinal) || value.Contains("Endpoint=", StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ReadSample()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value ?? "");
    }
}
