using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using CodeFormer.Backend.Http;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Messaging;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Hosting;
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

    /// <summary>
    /// The key under <see cref="StorageSetting"/> that puts all storage in a local folder instead
    /// (<c>CodeFormerStorage__folder</c>; <c>codeformer serve --storage &lt;folder&gt;</c>). Only for the in-process host:
    /// the Function apps' triggers need a storage account.
    /// </summary>
    public const string FolderKey = "folder";

    /// <summary>A connection string locally, or <c>ServiceBusConnection__fullyQualifiedNamespace</c> with the managed identity.</summary>
    public const string ServiceBusSetting = "ServiceBusConnection";

    /// <summary>
    /// Options, storage (a storage account, or a local folder when <see cref="FolderKey"/> is set), the job store,
    /// the three stage handlers, the dead-letter handler and the HTTP API.
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
        if (string.IsNullOrWhiteSpace(storage[FolderKey]))
        {
            AddAzureStorage(services, storage);
        }
        else
        {
            AddFolderStorage(services, storage[FolderKey]!);
        }

        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<RestorationApi>();
        services.TryAddSingleton<FacePreparation>();
        services.TryAddSingleton<RestorerProvider>();
        services.TryAddSingleton<DetectStage>();
        services.TryAddSingleton<RestoreStage>();
        services.TryAddSingleton<PasteStage>();
        services.TryAddSingleton<DeadLetterStage>();
        services.TryAddSingleton<JobSweeper>();
        services.TryAddSingleton<UndeliveredUploadEvents>();
        services.TryAddSingleton<StageWorkGate>();
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

    /// <summary>Blob containers and the jobs table in a storage account (Azurite locally), with SAS result links.</summary>
    private static void AddAzureStorage(IServiceCollection services, IConfigurationSection storage)
    {
        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential) => string.IsNullOrEmpty(storage.Value)
                ? new BlobServiceClient(RequiredUri(storage, "blobServiceUri"), credential, options)
                : new BlobServiceClient(storage.Value, options)).WithCredential(sp => CredentialFor(sp, storage));
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential) => string.IsNullOrEmpty(storage.Value)
                ? new TableServiceClient(RequiredUri(storage, "tableServiceUri"), credential, options)
                : new TableServiceClient(storage.Value, options)).WithCredential(sp => CredentialFor(sp, storage));
        });
        services.TryAddSingleton<ResultLinks>();
        services.TryAddSingleton(sp =>
        {
            var service = sp.GetRequiredService<BlobServiceClient>();
            var links = sp.GetRequiredService<ResultLinks>();
            var options = sp.GetRequiredService<BackendOptions>();
            AzureBlobContainer Container(string name) => new(service.GetBlobContainerClient(name), links);
            return new BlobStore(Container(options.UploadsContainer), Container(options.WorkContainer), Container(options.ResultsContainer), Container(options.ModelsContainer));
        });
        services.TryAddSingleton<IJobTable>(sp => new TableJobTable(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<BackendOptions>().JobsTable)));
    }

    /// <summary>Blob containers and the jobs table as folders and files under <paramref name="folder"/>; results are streamed.</summary>
    private static void AddFolderStorage(IServiceCollection services, string folder)
    {
        services.TryAddSingleton(sp => new FolderStorage(folder, sp.GetRequiredService<BackendOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<FolderStorage>().Blobs);
        services.TryAddSingleton<IJobTable>(sp => sp.GetRequiredService<FolderStorage>().Jobs);
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
