using System.Text.Json.Nodes;

namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class StorageTests(CompiledInfrastructure infra)
{
    private ArmTemplate HostStorage => infra.Main.Module("storage-host");

    private ArmTemplate DataStorage => infra.Main.Module("storage-data");

    [Fact]
    public void TheTwoStorageAccountsAreTheOnlyOnes()
    {
        var owners = infra.Main.SelfAndDescendants()
            .Where(t => t.Created("Microsoft.Storage/storageAccounts").Any())
            .Select(t => t.DeploymentName)
            .Order();
        Assert.Equal(["storage-data", "storage-host"], owners);
    }

    [Theory]
    [InlineData("storage-host")]
    [InlineData("storage-data")]
    public void NoSharedKeyNoAnonymousBlobAccessAndTlsOnly(string deployment)
    {
        JsonNode properties = infra.Main.Module(deployment).SingleCreated("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Theory]
    [InlineData("storage-host")]
    [InlineData("storage-data")]
    public void EveryContainerIsPrivate(string deployment)
    {
        var containers = infra.Main.Module(deployment).Created("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void DataAccountHoldsUploadsResultsWorkModelsAndTheJobsTable()
    {
        Assert.Equal(["uploads", "results", "work", "models", "uploads-undelivered"], Strings(DataStorage, "containerNames"));
        Assert.Equal(["jobs"], Strings(DataStorage, "tableNames"));
    }

    [Fact]
    public void WorkBlobsAreDeletedAfterAFewDays()
    {
        JsonObject policy = DataStorage.SingleCreated("Microsoft.Storage/storageAccounts/managementPolicies");
        JsonNode rule = policy["properties"]!["policy"]!["rules"]![0]!;
        JsonNode definition = rule["definition"]!;

        Assert.Equal("[parameters('expiringPrefixes')]", (string?)definition["filters"]!["prefixMatch"]);
        JsonNode prefix = Assert.Single(DataStorage.Resolve(JsonValue.Create("[parameters('expiringPrefixes')]"))!.AsArray())!;
        Assert.Equal("[format('{0}/', variables('workContainerName'))]", prefix.ToString());
        Assert.Equal("work", infra.Main.Constant(JsonValue.Create("[variables('workContainerName')]")));
        string? days = DataStorage.Constant(definition["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]);
        Assert.InRange(int.Parse(days!, System.Globalization.CultureInfo.InvariantCulture), 1, 7);
    }

    [Fact]
    public void FlexConsumptionDeploymentContainerIsOnTheHostAccountAndIsWhereTheCpuAppDeploysFrom()
    {
        ArmTemplate cpu = infra.Main.Module("app-cpu");
        JsonNode storage = cpu.SingleCreated("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("[format('{0}{1}', parameters('hostStorageBlobEndpoint'), parameters('deploymentContainerName'))]", (string?)storage["value"]);
        Assert.Equal(new ModuleOutput("storage-host", "blobEndpoint"), ModuleOutput.Of(cpu.Resolve(JsonValue.Create("[parameters('hostStorageBlobEndpoint')]"))));
        string? container = cpu.Constant(JsonValue.Create("[parameters('deploymentContainerName')]"));
        Assert.Contains(container, Strings(HostStorage, "containerNames"));
    }

    private static string[] Strings(ArmTemplate module, string parameter) =>
        module.Resolve(JsonValue.Create($"[parameters('{parameter}')]"))!.AsArray()
            .Select(n => module.Constant(n) ?? throw new InvalidOperationException($"{parameter} of {module.DeploymentName} holds {n}, not a constant."))
            .ToArray();
}
