using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using CodeFormer.Backend.Http;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodeFormer.Backend;

/// <summary>Registers the backend in a host: the one place that wires Azure clients, stores, stages and the API.</summary>
public static class BackendServiceCollectionExtensions
{
    /// <summary>
    /// The app setting that locates the storage account: a connection string locally (Azurite:
    /// <c>UseDevelopmentStorage=true</c>), or in Azure <c>CodeFormerStorage__blobServiceUri</c> and
    /// <c>CodeFormerStorage__tableServiceUri</c>, signed in as the section says (<c>__credential=managedidentity</c>,
    /// <c>__clientId</c> for a user-assigned identity; DefaultAzureCredential when no credential is named).
    /// </summary>
    public const string StorageSetting = "CodeFormerStorage";

    /// <summary>A connection string locally, or <c>ServiceBusConnection__fullyQualifiedNamespace</c> with the managed identity.</summary>
    public const string ServiceBusSetting = "ServiceBusConnection";

    /// <summary>
    /// Options, storage clients, the job store, the three stage handlers, the dead-letter handler and the HTTP API.
    /// Stage messages go nowhere until a transport is added: <see cref="AddCodeFormerServiceBus"/> (Azure) or
    /// <see cref="Hosting.InProcessHostServiceCollectionExtensions.AddCodeFormerInProcessHost"/>.
    /// </summary>
    public static IServiceCollection AddCodeFormerBackend(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BackendOptions>()
            .BindConfiguration(BackendOptions.SectionName)
            .Validate(o => o.Problems().Count == 0, "CodeFormer settings are invalid")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<BackendOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);

        var storage = configuration.GetSection(StorageSetting);
        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential) => string.IsNullOrEmpty(storage.Value)
                ? new BlobServiceClient(RequiredUri(storage, "blobServiceUri"), credential, options)
                : new BlobServiceClient(storage.Value, options)).WithCredential(sp => CredentialFor(sp, storage));
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential) => string.IsNullOrEmpty(storage.Value)
                ? new TableServiceClient(RequiredUri(storage, "tableServiceUri"), credential, options)
                : new TableServiceClient(storage.Value, options)).WithCredential(sp => CredentialFor(sp, storage));
        });

        services.TryAddSingleton(sp => new JobStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<BackendOptions>().JobsTable),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<BlobStore>();
        services.TryAddSingleton<ResultLinks>();
        services.TryAddSingleton<RestorationApi>();
        services.TryAddSingleton<FacePreparation>();
        services.TryAddSingleton<RestorerProvider>();
        services.TryAddSingleton<DetectStage>();
        services.TryAddSingleton<RestoreStage>();
        services.TryAddSingleton<PasteStage>();
        services.TryAddSingleton<DeadLetterStage>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Sends stage messages to Service Bus queues (the Function apps).</summary>
    public static IServiceCollection AddCodeFormerServiceBus(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var serviceBus = configuration.GetSection(ServiceBusSetting);
        services.AddAzureClients(clients => clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, credential) =>
            string.IsNullOrEmpty(serviceBus.Value)
                ? new ServiceBusClient(serviceBus["fullyQualifiedNamespace"] ?? throw Missing(serviceBus, "fullyQualifiedNamespace"), credential, options)
                : new ServiceBusClient(serviceBus.Value, options)).WithCredential(sp => CredentialFor(sp, serviceBus)));
        services.TryAddSingleton(QueueNames.From(configuration));
        services.TryAddSingleton<IStageQueue, ServiceBusStageQueue>();
        return services;
    }

    /// <summary>The identity a connection section names (credential, clientId), as the Functions host reads the same settings.</summary>
    private static TokenCredential CredentialFor(IServiceProvider services, IConfigurationSection section) =>
        string.IsNullOrEmpty(section["credential"])
            ? new DefaultAzureCredential()
            : services.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);

    private static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri) ? uri : throw Missing(section, key);

    private static InvalidOperationException Missing(IConfigurationSection section, string key) =>
        new($"Set '{section.Path}' to a connection string, or '{section.Path}__{key}' to use the managed identity.");
}
