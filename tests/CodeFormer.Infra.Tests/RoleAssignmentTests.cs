using static CodeFormer.Infra.Tests.RoleGrant;

namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfrastructure infra)
{
    private const string Cpu = "identity-cpu";
    private const string Gpu = "identity-gpu";

    // What each identity needs and nothing more (see the comments in infra/main.bicep for the why of each).
    private static readonly RoleGrant[] Expected =
    [
        // CPU app: Functions host storage.
        new(Cpu, nameof(RoleDefinitions.StorageBlobDataOwner), StorageAccount("storage-host")),
        new(Cpu, nameof(RoleDefinitions.StorageQueueDataContributor), StorageAccount("storage-host")),
        // CPU app: blob trigger on uploads (Blob Data Owner + Queue Data Contributor), jobs table.
        new(Cpu, nameof(RoleDefinitions.StorageBlobDataOwner), StorageAccount("storage-data")),
        new(Cpu, nameof(RoleDefinitions.StorageQueueDataContributor), StorageAccount("storage-data")),
        new(Cpu, nameof(RoleDefinitions.StorageTableDataContributor), StorageAccount("storage-data")),
        // CPU app: detect sends to restore; RestoreDeadLetter receives from restore/$deadletterqueue; paste is
        // triggered from paste; detect and the API send to paste.
        new(Cpu, nameof(RoleDefinitions.ServiceBusDataSender), Queue("restore")),
        new(Cpu, nameof(RoleDefinitions.ServiceBusDataReceiver), Queue("restore")),
        new(Cpu, nameof(RoleDefinitions.ServiceBusDataSender), Queue("paste")),
        new(Cpu, nameof(RoleDefinitions.ServiceBusDataReceiver), Queue("paste")),
        new(Cpu, nameof(RoleDefinitions.MonitoringMetricsPublisher), ApplicationInsights),
        // GPU app: host storage; crops, models and restored faces; jobs table.
        new(Gpu, nameof(RoleDefinitions.StorageBlobDataOwner), StorageAccount("storage-host")),
        new(Gpu, nameof(RoleDefinitions.StorageBlobDataContributor), StorageAccount("storage-data")),
        new(Gpu, nameof(RoleDefinitions.StorageTableDataContributor), StorageAccount("storage-data")),
        // GPU app: triggered from restore (Owner on that queue only, for the scaler's message count); sends to paste.
        new(Gpu, nameof(RoleDefinitions.ServiceBusDataReceiver), Queue("restore")),
        new(Gpu, nameof(RoleDefinitions.ServiceBusDataOwner), Queue("restore")),
        new(Gpu, nameof(RoleDefinitions.ServiceBusDataSender), Queue("paste")),
        new(Gpu, nameof(RoleDefinitions.AcrPull), Registry),
        new(Gpu, nameof(RoleDefinitions.MonitoringMetricsPublisher), ApplicationInsights),
        // The person running azd: uploads the models, nothing else.
        new(Deployer, nameof(RoleDefinitions.StorageBlobDataContributor), BlobContainer("storage-data", "models")),
    ];

    [Fact]
    public void EveryIdentityHasExactlyTheRolesItNeeds()
    {
        var actual = infra.Main.SelfAndDescendants().SelectMany(RoleGrant.In).ToList();

        var missing = Expected.Except(actual).ToList();
        var extra = actual.Except(Expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing: [{string.Join("; ", missing)}]\nextra: [{string.Join("; ", extra)}]");
        Assert.Equal(actual.Count, actual.Distinct().Count());
    }

    [Fact]
    public void ServiceBusRolesAreOnSingleQueuesNeverTheNamespace()
    {
        var serviceBusGrants = infra.Main.SelfAndDescendants().SelectMany(RoleGrant.In)
            .Where(g => g.Role.StartsWith("ServiceBus", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(serviceBusGrants);
        Assert.All(serviceBusGrants, g => Assert.StartsWith("Microsoft.ServiceBus/namespaces/queues(", g.Scope, StringComparison.Ordinal));
    }

    [Fact]
    public void DeployerRoleIsOnlyMadeWhenAzdNamesThePrincipal()
    {
        var deployment = infra.Main.Resources.Single(r => (string?)r["name"] == "roles-deployer-models");

        Assert.Equal("[not(empty(parameters('principalId')))]", (string?)deployment["condition"]);
    }
}
