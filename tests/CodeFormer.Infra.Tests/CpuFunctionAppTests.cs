using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class CpuFunctionAppTests(CompiledInfrastructure infra)
{
    private ArmTemplate Module => infra.Main.Module("app-cpu");

    [Fact]
    public void RunsOnAFlexConsumptionPlan()
    {
        JsonObject plan = Module.SingleCreated("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
    }

    [Fact]
    public void RuntimeIsDotnetIsolatedTen()
    {
        JsonObject site = Module.SingleCreated("Microsoft.Web/sites");
        JsonNode runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
    }

    [Fact]
    public void DeploymentPackageIsReadWithTheAppsIdentity()
    {
        JsonNode authentication = Module.SingleCreated("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;

        Assert.Equal("UserAssignedIdentity", (string?)authentication["type"]);
        Assert.Equal(new ModuleOutput("identity-cpu", "id"), ModuleOutput.Of(Module.Resolve(authentication["userAssignedIdentityResourceId"])));
    }

    [Fact]
    public void OnlyHttpsAndNoBasicPublishingCredentials()
    {
        JsonObject site = Module.SingleCreated("Microsoft.Web/sites");
        var policies = Module.Created("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site["properties"]!["siteConfig"]!["minTlsVersion"]);
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('\'')[^2]).Order());
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void RunsAsTheCpuIdentity()
    {
        Assert.Equal("identity-cpu", DeployedApp.Cpu(infra.Main).Identity);
    }
}
