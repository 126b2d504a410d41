// The whole CodeFormer backend for `azd up`: one resource group with monitoring, a host and a data storage
// account, Service Bus queues between the stages, the CPU Function app (Flex Consumption), the GPU Function app
// (Container Apps serverless GPU), its registry, the Event Grid topic for uploads, and least-privilege roles for
// each app's own identity. No key, password or connection string with a secret is created or handed out.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer serverless GPUs of the chosen type and Flex Consumption (see infra/README.md).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd; gets write access to the models container so the postprovision hook can upload the models. Empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Serverless GPU profile of the restore app: NVIDIA T4 (16 GB) or A100 (80 GB).')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuWorkloadProfileType string = 'Consumption-GPU-NC8as-T4'

@minValue(1)
@description('Most GPU replicas at once; each needs one GPU of serverless GPU quota.')
param gpuMaxReplicas int = 1

@description('True once azd has deployed the GPU app, so a later provision keeps its image.')
param gpuAppExists bool = false

@minValue(40)
@maxValue(1000)
param cpuMaximumInstanceCount int = 40

@allowed([
  2048
  4096
])
@description('Memory per CPU app instance: large photos decoded at 40 MP and enlarged 2x need more than the 2 GB size.')
param cpuInstanceMemoryMB int = 4096

@minValue(1)
@description('Days before intermediate blobs under the work container are deleted.')
param workRetentionDays int = 3

param maxUploadBytes int = 52428800
param maxPixels int = 40000000

@description('Largest result (working image x upscale) a job may make: 100 MP is about 0.4 GB of 8-bit canvas, one job within a 2 GB Flex Consumption instance.')
param maxOutputPixels int = 100000000

@minValue(1)
param maxBatchSize int = 8

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names the Functions code binds to (local.settings.sample.json lists them).
var uploadsContainerName = 'uploads'
var resultsContainerName = 'results'
var workContainerName = 'work'
var modelsContainerName = 'models'
var jobsTableName = 'jobs'
var restoreQueueName = 'restore'
var pasteQueueName = 'paste'
var modelBlobName = 'codeformer.onnx'
var deploymentContainerName = 'app-package-cpu'
// Event Grid writes the BlobCreated events it could not deliver to the detect function here (see
// infra/hooks/subscribe-uploads.sh); the CPU app's UndeliveredUploads timer fails their jobs.
var uploadEventsDeadLetterContainerName = 'uploads-undelivered'

var cpuAppName = '${abbrs.functionApp}cpu-${resourceToken}'
var gpuAppName = '${abbrs.containerApp}gpu-${resourceToken}'

// Built-in role definitions (fixed GUIDs across all tenants).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataOwner = '090c5cfd-751d-490a-894a-3ce6f1109419'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    workspaceName: '${abbrs.logAnalyticsWorkspace}${resourceToken}'
    applicationInsightsName: '${abbrs.applicationInsights}${resourceToken}'
  }
}

module cpuIdentity 'modules/user-identity.bicep' = {
  name: 'identity-cpu'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.managedIdentity}cpu-${resourceToken}'
  }
}

module gpuIdentity 'modules/user-identity.bicep' = {
  name: 'identity-gpu'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.managedIdentity}gpu-${resourceToken}'
  }
}

// Functions host state (keys, leases, the CPU app's deployment package), apart from the photos so that the
// host's broad Blob Data Owner role does not reach them.
module hostStorage 'modules/storage-account.bicep' = {
  name: 'storage-host'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.storageAccount}host${resourceToken}'
    containerNames: [
      deploymentContainerName
    ]
  }
}

module dataStorage 'modules/storage-account.bicep' = {
  name: 'storage-data'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.storageAccount}data${resourceToken}'
    containerNames: [
      uploadsContainerName
      resultsContainerName
      workContainerName
      modelsContainerName
      uploadEventsDeadLetterContainerName
    ]
    tableNames: [
      jobsTableName
    ]
    expiringPrefixes: [
      '${workContainerName}/'
    ]
    expireAfterDays: workRetentionDays
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.serviceBusNamespace}${resourceToken}'
    queues: [
      // A batch of faces on the GPU, including a cold replica loading the model, fits in the longest lock
      // Service Bus allows; the Functions extension renews the lock past it while the function runs.
      {
        name: restoreQueueName
        lockDuration: 'PT5M'
      }
      {
        name: pasteQueueName
        lockDuration: 'PT2M'
      }
    ]
  }
}

module registry 'modules/container-registry.bicep' = {
  name: 'container-registry'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.containerRegistry}${resourceToken}'
  }
}

module uploadsTopic 'modules/event-grid-topic.bicep' = {
  name: 'event-grid-uploads'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbrs.eventGridSystemTopic}data-${resourceToken}'
    storageAccountId: dataStorage.outputs.id
  }
}

// ---- Roles of the CPU app: blob-triggered detect, the paste stage and the HTTP API ----

module cpuHostStorageRoles 'modules/roles/storage-account-roles.bicep' = {
  name: 'roles-cpu-host-storage'
  scope: resourceGroup
  params: {
    storageAccountName: hostStorage.outputs.name
    principalId: cpuIdentity.outputs.principalId
    roleDefinitionIds: [
      storageBlobDataOwner
      storageQueueDataContributor
    ]
  }
}

// The blob trigger needs Blob Data Owner and Queue Data Contributor on the account it watches; the jobs table
// needs Table Data Contributor.
module cpuDataStorageRoles 'modules/roles/storage-account-roles.bicep' = {
  name: 'roles-cpu-data-storage'
  scope: resourceGroup
  params: {
    storageAccountName: dataStorage.outputs.name
    principalId: cpuIdentity.outputs.principalId
    roleDefinitionIds: [
      storageBlobDataOwner
      storageQueueDataContributor
      storageTableDataContributor
    ]
  }
}

// Detect sends to restore; the restore dead-letter trigger (RestoreDeadLetter) receives from its dead-letter
// queue, which Service Bus authorizes on the queue itself: Receiver on `restore`.
module cpuRestoreQueueRoles 'modules/roles/service-bus-queue-roles.bicep' = {
  name: 'roles-cpu-restore-queue'
  scope: resourceGroup
  params: {
    namespaceName: serviceBus.outputs.name
    queueName: restoreQueueName
    principalId: cpuIdentity.outputs.principalId
    roleDefinitionIds: [
      serviceBusDataSender
      serviceBusDataReceiver
    ]
  }
}

// Paste is triggered from paste (and its dead-letter queue); detect (and the HTTP API, for a photo with no face) sends to it.
module cpuPasteQueueRoles 'modules/roles/service-bus-queue-roles.bicep' = {
  name: 'roles-cpu-paste-queue'
  scope: resourceGroup
  params: {
    namespaceName: serviceBus.outputs.name
    queueName: pasteQueueName
    principalId: cpuIdentity.outputs.principalId
    roleDefinitionIds: [
      serviceBusDataSender
      serviceBusDataReceiver
    ]
  }
}

module cpuTelemetryRoles 'modules/roles/application-insights-roles.bicep' = {
  name: 'roles-cpu-telemetry'
  scope: resourceGroup
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: cpuIdentity.outputs.principalId
    roleDefinitionIds: [
      monitoringMetricsPublisher
    ]
  }
}

// ---- Roles of the GPU app: the restore stage ----

module gpuHostStorageRoles 'modules/roles/storage-account-roles.bicep' = {
  name: 'roles-gpu-host-storage'
  scope: resourceGroup
  params: {
    storageAccountName: hostStorage.outputs.name
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      storageBlobDataOwner
    ]
  }
}

// Reads crops and the model, writes restored faces, updates the job.
module gpuDataStorageRoles 'modules/roles/storage-account-roles.bicep' = {
  name: 'roles-gpu-data-storage'
  scope: resourceGroup
  params: {
    storageAccountName: dataStorage.outputs.name
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      storageBlobDataContributor
      storageTableDataContributor
    ]
  }
}

// Receiver is what the trigger needs. Data Owner, on this one queue only, is what the Container Apps scaler
// needs to read the queue's message count (a Manage-level read): without it a GPU app at zero replicas would
// never be woken.
module gpuRestoreQueueRoles 'modules/roles/service-bus-queue-roles.bicep' = {
  name: 'roles-gpu-restore-queue'
  scope: resourceGroup
  params: {
    namespaceName: serviceBus.outputs.name
    queueName: restoreQueueName
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      serviceBusDataReceiver
      serviceBusDataOwner
    ]
  }
}

module gpuPasteQueueRoles 'modules/roles/service-bus-queue-roles.bicep' = {
  name: 'roles-gpu-paste-queue'
  scope: resourceGroup
  params: {
    namespaceName: serviceBus.outputs.name
    queueName: pasteQueueName
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      serviceBusDataSender
    ]
  }
}

module gpuRegistryRoles 'modules/roles/registry-roles.bicep' = {
  name: 'roles-gpu-registry'
  scope: resourceGroup
  params: {
    registryName: registry.outputs.name
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      acrPull
    ]
  }
}

module gpuTelemetryRoles 'modules/roles/application-insights-roles.bicep' = {
  name: 'roles-gpu-telemetry'
  scope: resourceGroup
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: gpuIdentity.outputs.principalId
    roleDefinitionIds: [
      monitoringMetricsPublisher
    ]
  }
}

// ---- The person running azd: uploads the models after provisioning ----

module deployerModelsRoles 'modules/roles/blob-container-roles.bicep' = if (!empty(principalId)) {
  name: 'roles-deployer-models'
  scope: resourceGroup
  params: {
    storageAccountName: dataStorage.outputs.name
    containerName: modelsContainerName
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      storageBlobDataContributor
    ]
  }
}

// ---- The apps ----

module cpuApp 'modules/cpu-function-app.bicep' = {
  name: 'app-cpu'
  scope: resourceGroup
  dependsOn: [
    cpuHostStorageRoles
  ]
  params: {
    location: location
    tags: union(tags, {
      'azd-service-name': 'cpu'
    })
    name: cpuAppName
    planName: '${abbrs.appServicePlan}cpu-${resourceToken}'
    identityId: cpuIdentity.outputs.id
    identityClientId: cpuIdentity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    dataStorageBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataStorageQueueEndpoint: dataStorage.outputs.queueEndpoint
    dataStorageTableEndpoint: dataStorage.outputs.tableEndpoint
    uploadsContainerName: uploadsContainerName
    resultsContainerName: resultsContainerName
    workContainerName: workContainerName
    uploadEventsDeadLetterContainerName: uploadEventsDeadLetterContainerName
    modelsContainerName: modelsContainerName
    jobsTableName: jobsTableName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    restoreQueueName: restoreQueueName
    pasteQueueName: pasteQueueName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    detector: 'BlazeFace'
    maxUploadBytes: maxUploadBytes
    maxPixels: maxPixels
    maxOutputPixels: maxOutputPixels
    maximumInstanceCount: cpuMaximumInstanceCount
    instanceMemoryMB: cpuInstanceMemoryMB
  }
}

module gpuAppImage 'modules/container-app-image.bicep' = {
  name: 'app-gpu-image'
  scope: resourceGroup
  params: {
    name: gpuAppName
    exists: gpuAppExists
    // A Functions image that starts without any configuration; `azd deploy` replaces it with the restore image.
    placeholderImage: 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0'
  }
}

module gpuApp 'modules/gpu-function-app.bicep' = {
  name: 'app-gpu'
  scope: resourceGroup
  dependsOn: [
    gpuRegistryRoles
    gpuHostStorageRoles
  ]
  params: {
    location: location
    tags: union(tags, {
      'azd-service-name': 'gpu'
    })
    environmentName: '${abbrs.containerAppsEnvironment}${resourceToken}'
    name: gpuAppName
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    gpuWorkloadProfileType: gpuWorkloadProfileType
    maxReplicas: gpuMaxReplicas
    image: gpuAppImage.outputs.image
    registryLoginServer: registry.outputs.loginServer
    identityId: gpuIdentity.outputs.id
    identityClientId: gpuIdentity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    dataStorageBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataStorageQueueEndpoint: dataStorage.outputs.queueEndpoint
    dataStorageTableEndpoint: dataStorage.outputs.tableEndpoint
    uploadsContainerName: uploadsContainerName
    resultsContainerName: resultsContainerName
    workContainerName: workContainerName
    modelsContainerName: modelsContainerName
    jobsTableName: jobsTableName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    restoreQueueName: restoreQueueName
    pasteQueueName: pasteQueueName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    modelBlobName: modelBlobName
    maxBatchSize: maxBatchSize
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = gpuApp.outputs.environmentName
output CPU_FUNCTION_APP_NAME string = cpuApp.outputs.name
output GPU_CONTAINER_APP_NAME string = gpuApp.outputs.name
output API_BASE_URL string = 'https://${cpuApp.outputs.defaultHostName}/api'
output DATA_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output DATA_STORAGE_ACCOUNT_ID string = dataStorage.outputs.id
output UPLOADS_CONTAINER_NAME string = uploadsContainerName
output UPLOAD_EVENTS_DEADLETTER_CONTAINER_NAME string = uploadEventsDeadLetterContainerName
output MODELS_CONTAINER_NAME string = modelsContainerName
output MODEL_BLOB_NAME string = modelBlobName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = uploadsTopic.outputs.name
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
