namespace CodeFormer.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class MonitoringTests(CompiledInfrastructure infra)
{
    private ArmTemplate Monitoring => infra.Main.Module("monitoring");

    [Fact]
    public void ApplicationInsightsAcceptsOnlyEntraIdTelemetry()
    {
        var properties = Monitoring.SingleCreated("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)properties["DisableLocalAuth"]!);
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspaceName'))]", (string?)properties["WorkspaceResourceId"]);
    }

    [Fact]
    public void WorkspaceRefusesSharedKeys()
    {
        var workspace = Monitoring.SingleCreated("Microsoft.OperationalInsights/workspaces");

        Assert.True((bool)workspace["properties"]!["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void ContainerAppsLogsGoThroughADiagnosticSettingNotTheWorkspaceKey()
    {
        ArmTemplate gpu = infra.Main.Module("app-gpu");
        var environment = gpu.SingleCreated("Microsoft.App/managedEnvironments");
        var diagnostics = gpu.SingleCreated("Microsoft.Insights/diagnosticSettings");

        Assert.Equal("azure-monitor", (string?)environment["properties"]!["appLogsConfiguration"]!["destination"]);
        Assert.Null(environment["properties"]!["appLogsConfiguration"]!["logAnalyticsConfiguration"]);
        Assert.Equal(
            new ModuleOutput("monitoring", "workspaceId"),
            ModuleOutput.Of(gpu.Resolve(diagnostics["properties"]!["workspaceId"])));
    }
}
