using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CodeFormer.Infra.Tests;

/// <summary>azure.yaml, main.parameters.json and the hooks agree with what main.bicep declares and outputs.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class AzdConfigurationTests(CompiledInfrastructure infra)
{
    private static readonly Lazy<YamlMappingNode> AzureYaml = new(() =>
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryRoot.File("azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    public static TheoryData<string, string, string> Services => new()
    {
        { "cpu", "function", "app-cpu" },
        { "gpu", "containerapp", "app-gpu" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void EachServiceIsHostedWhereBicepPutsItsApp(string service, string host, string module)
    {
        YamlMappingNode definition = Service(service);
        string tags = infra.Main.Resources.Single(r => (string?)r["name"] == module)["properties"]!["parameters"]!["tags"]!["value"]!.ToString();

        Assert.Equal(host, Scalar(definition, "host"));
        Assert.Equal("dotnet", Scalar(definition, "language"));
        Assert.Equal($"[union(variables('tags'), createObject('azd-service-name', '{service}'))]", tags);
    }

    [Fact]
    public void GpuImageIsBuiltFromItsDockerfileWithTheRepositoryAsContext()
    {
        YamlMappingNode gpu = Service("gpu");
        var docker = (YamlMappingNode)gpu.Children[new YamlScalarNode("docker")];
        string project = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, Scalar(gpu, "project")));

        Assert.Equal(RepositoryRoot.File("src", "CodeFormer.Functions.Gpu"), project);
        Assert.True(File.Exists(Path.Combine(project, Scalar(docker, "path"))));
        Assert.Equal(RepositoryRoot.Path, Path.GetFullPath(Path.Combine(project, Scalar(docker, "context"))));
        Assert.Equal(RepositoryRoot.File("src", "CodeFormer.Functions"), Path.GetFullPath(Path.Combine(RepositoryRoot.Path, Scalar(Service("cpu"), "project"))));
    }

    [Fact]
    public void GpuDeploymentUsesTheContainerAppsApiVersionBicepDeclaresTheAppWith()
    {
        string declared = infra.Main.Module("app-gpu").SingleCreated("Microsoft.App/containerApps")["apiVersion"]!.ToString();

        Assert.Equal(declared, Scalar(Service("gpu"), "apiVersion"));
    }

    [Fact]
    public void UploadEventsDeadLetterIntoAContainerOfTheDataAccount()
    {
        var outputs = infra.Json["outputs"]!;
        ArmTemplate data = infra.Main.Module("storage-data");
        var containers = data.Resolve(JsonValue.Create("[parameters('containerNames')]"))!.AsArray().Select(n => data.Constant(n)).ToHashSet();

        Assert.Equal(new ModuleOutput("storage-data", "id"), ModuleOutput.Of(outputs["DATA_STORAGE_ACCOUNT_ID"]!["value"]));
        Assert.Contains(infra.Main.Constant(outputs["UPLOAD_EVENTS_DEADLETTER_CONTAINER_NAME"]!["value"]), containers);
    }

    [Theory]
    [InlineData("postprovision", "upload-models.sh")]
    [InlineData("postdeploy", "subscribe-uploads.sh")]
    public void HooksRunTheScriptsAndGetEveryVariableTheyRequireFromMainOutputs(string hook, string script)
    {
        var definition = (YamlMappingNode)((YamlMappingNode)AzureYaml.Value.Children[new YamlScalarNode("hooks")]).Children[new YamlScalarNode(hook)];
        string path = RepositoryRoot.File("infra", "hooks", script);
        var outputs = infra.Json["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        var required = RequiredVariable().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value).ToList();

        Assert.Equal($"./infra/hooks/{script}", Scalar(definition, "run"));
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
        Assert.NotEmpty(required);
        Assert.All(required.Except(AzdVariables), name => Assert.Contains(name, outputs));
    }

    [Fact]
    public void ParametersFileCoversEveryRequiredParameterAndNothingElse()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = infra.Main.Parameters;
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);

        Assert.All(required, name => Assert.True(file.ContainsKey(name), $"{name} has no value in main.parameters.json"));
        Assert.All(file.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"{name} is not a parameter of main.bicep"));
        Assert.Equal("${SERVICE_GPU_RESOURCE_EXISTS=false}", (string?)file["gpuAppExists"]!["value"]);
    }

    [Fact]
    public void RegistryEndpointIsOutputForAzdToPushTo()
    {
        Assert.Equal(
            new ModuleOutput("container-registry", "loginServer"),
            ModuleOutput.Of(infra.Json["outputs"]!["AZURE_CONTAINER_REGISTRY_ENDPOINT"]!["value"]));
    }

    // Set by azd itself for every hook, not outputs of main.bicep.
    private static readonly string[] AzdVariables = ["AZURE_SUBSCRIPTION_ID"];

    private static YamlMappingNode Service(string name) =>
        (YamlMappingNode)((YamlMappingNode)AzureYaml.Value.Children[new YamlScalarNode("services")]).Children[new YamlScalarNode(name)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    // `: "${NAME:?message}"`: the hook stops when azd did not provide NAME.
    [GeneratedRegex(@"^: ""\$\{(?<name>[A-Z_]+):\?", RegexOptions.Multiline)]
    private static partial Regex RequiredVariable();
}
