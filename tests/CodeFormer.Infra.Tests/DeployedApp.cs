using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

/// <summary>One of the two Function apps as compiled: its module, identity and app settings.</summary>
internal sealed class DeployedApp
{
    private DeployedApp(string name, ArmTemplate module, string identity, IReadOnlyDictionary<string, JsonNode?> settings)
    {
        Name = name;
        Module = module;
        Identity = identity;
        Settings = settings;
    }

    /// <summary>"cpu" or "gpu": also its azd service name.</summary>
    public string Name { get; }

    public ArmTemplate Module { get; }

    /// <summary>Deployment name of the identity module whose identity the app runs as.</summary>
    public string Identity { get; }

    /// <summary>Setting name to its value, references resolved as far as the template allows.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Settings { get; }

    public static DeployedApp Cpu(ArmTemplate main)
    {
        ArmTemplate module = main.Module("app-cpu");
        JsonObject site = module.SingleCreated("Microsoft.Web/sites");
        JsonObject appSettings = module.Created("Microsoft.Web/sites/config")
            .Single(c => ((string)c["name"]!).Contains("'appsettings'", StringComparison.Ordinal));
        var settings = appSettings["properties"]!.AsObject().ToDictionary(p => p.Key, p => module.Resolve(p.Value));
        return new DeployedApp("cpu", module, IdentityOf(module, site), settings);
    }

    public static DeployedApp Gpu(ArmTemplate main)
    {
        ArmTemplate module = main.Module("app-gpu");
        JsonObject app = module.SingleCreated("Microsoft.App/containerApps");
        JsonArray containers = app["properties"]!["template"]!["containers"]!.AsArray();
        Assert.Single(containers);
        var settings = containers[0]!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => module.Resolve(e!["value"]));
        return new DeployedApp("gpu", module, IdentityOf(module, app), settings);
    }

    /// <summary>The single user-assigned identity of a site or container app, as the module that creates it.</summary>
    private static string IdentityOf(ArmTemplate module, JsonObject resource)
    {
        JsonNode identity = resource["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        string key = Assert.Single(identity["userAssignedIdentities"]!.AsObject()).Key;
        ModuleOutput id = ModuleOutput.Of(module.ResolveInnerParameter(key));
        Assert.Equal("id", id.Output);
        return id.Deployment;
    }
}
