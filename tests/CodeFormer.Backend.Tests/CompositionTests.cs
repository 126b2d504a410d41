using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CodeFormer.Backend.Http;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// The Function apps' registration (AddCodeFormerBackend + AddCodeFormerServiceBus) resolves every stage from the
/// documented settings, both with local connection strings and with Azure's identity-based settings.
/// </summary>
public sealed class CompositionTests
{
    [Fact]
    public async Task Sample_local_settings_compose_the_function_app_services()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.FindRepoRoot(), "local.settings.sample.json")));
        var values = json.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        await using var services = Compose(values);

        Assert.IsType<ServiceBusStageQueue>(services.GetRequiredService<IStageQueue>());
        Assert.NotNull(services.GetRequiredService<DetectStage>());
        Assert.NotNull(services.GetRequiredService<RestoreStage>());
        Assert.NotNull(services.GetRequiredService<PasteStage>());
        Assert.NotNull(services.GetRequiredService<DeadLetterStage>());
        Assert.NotNull(services.GetRequiredService<JobSweeper>());
        Assert.Equal(TimeSpan.FromMinutes(30), services.GetRequiredService<BackendOptions>().StuckJobAfter);
        Assert.NotNull(services.GetRequiredService<RestorationApi>());
        Assert.Equal("restore", services.GetRequiredService<QueueNames>().Restore);
        Assert.Equal("devstoreaccount1", services.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Fact]
    public async Task Identity_based_settings_point_the_clients_at_the_configured_endpoints()
    {
        var values = new Dictionary<string, string?>
        {
            ["CodeFormerStorage:blobServiceUri"] = "https://stcodeformer.blob.core.windows.net",
            ["CodeFormerStorage:tableServiceUri"] = "https://stcodeformer.table.core.windows.net",
            ["CodeFormerStorage:credential"] = "managedidentity",
            ["CodeFormerStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["ServiceBusConnection:fullyQualifiedNamespace"] = "sb-codeformer.servicebus.windows.net",
            ["ServiceBusConnection:credential"] = "managedidentity",
            ["ServiceBusConnection:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["RestoreQueueName"] = "restore-q",
            ["PasteQueueName"] = "paste-q",
        };
        await using var services = Compose(values);

        Assert.Equal(new Uri("https://stcodeformer.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal("stcodeformer", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal("sb-codeformer.servicebus.windows.net", services.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().FullyQualifiedNamespace);
        Assert.Equal("paste-q", services.GetRequiredService<QueueNames>().For(PipelineStage.Paste));
    }

    private static ServiceProvider Compose(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCodeFormerBackend(configuration).AddCodeFormerServiceBus(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
