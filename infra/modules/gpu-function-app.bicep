// The GPU Function app (restore): a Functions container (kind functionapp) in a Container Apps environment with
// workload profiles, pinned to a serverless GPU profile and scaled to zero when the restore queue is empty. The
// image comes from the project's registry, pulled with the app's identity; no registry password or other
// secret is stored on the app.

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param environmentName string
param name string
param logAnalyticsWorkspaceId string

@description('Serverless GPU workload profile type of the environment.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuWorkloadProfileType string

@minValue(1)
param maxReplicas int

param image string
param registryLoginServer string

param identityId string
param identityClientId string

param hostStorageName string

param dataStorageBlobEndpoint string
param dataStorageQueueEndpoint string
param dataStorageTableEndpoint string
param uploadsContainerName string
param resultsContainerName string
param workContainerName string
param modelsContainerName string
param jobsTableName string

param serviceBusNamespace string
param restoreQueueName string
param pasteQueueName string

param applicationInsightsConnectionString string

param modelBlobName string
@minValue(1)
param maxBatchSize int

var gpuProfileName = 'gpu'

// A serverless GPU replica gets the whole card and the profile's full vCPU and memory allotment; asking for less
// saves nothing, since the replica is billed per GPU-second.
var replicaSizes = {
  'Consumption-GPU-NC8as-T4': {
    cpu: '8.0'
    memory: '56Gi'
    // Restore runs at a time: each holds a batch of up to MaxBatchSize faces on the card (16 GB).
    stageWork: 2
  }
  'Consumption-GPU-NC24-A100': {
    cpu: '24.0'
    memory: '220Gi'
    stageWork: 8
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go through a diagnostic setting rather than the workspace's shared key.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuWorkloadProfileType
      }
    ]
    zoneRedundant: false
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      // Event-driven scaling of a Functions container app needs ingress; nothing outside the environment calls
      // this app, so it stays internal.
      ingress: {
        external: false
        targetPort: 80
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'restore'
          image: image
          resources: {
            cpu: json(replicaSizes[gpuWorkloadProfileType].cpu)
            memory: replicaSizes[gpuWorkloadProfileType].memory
          }
          env: [
            {
              name: 'FUNCTIONS_WORKER_RUNTIME'
              value: 'dotnet-isolated'
            }
            {
              name: 'AzureWebJobsStorage__accountName'
              value: hostStorageName
            }
            {
              name: 'AzureWebJobsStorage__credential'
              value: 'managedidentity'
            }
            {
              name: 'AzureWebJobsStorage__clientId'
              value: identityClientId
            }
            {
              name: 'CodeFormerStorage__blobServiceUri'
              value: dataStorageBlobEndpoint
            }
            {
              name: 'CodeFormerStorage__queueServiceUri'
              value: dataStorageQueueEndpoint
            }
            {
              name: 'CodeFormerStorage__tableServiceUri'
              value: dataStorageTableEndpoint
            }
            {
              name: 'CodeFormerStorage__credential'
              value: 'managedidentity'
            }
            {
              name: 'CodeFormerStorage__clientId'
              value: identityClientId
            }
            {
              name: 'ServiceBusConnection__fullyQualifiedNamespace'
              value: serviceBusNamespace
            }
            {
              name: 'ServiceBusConnection__credential'
              value: 'managedidentity'
            }
            {
              name: 'ServiceBusConnection__clientId'
              value: identityClientId
            }
            {
              name: 'RestoreQueueName'
              value: restoreQueueName
            }
            {
              name: 'PasteQueueName'
              value: pasteQueueName
            }
            {
              name: 'CodeFormer__UploadsContainer'
              value: uploadsContainerName
            }
            {
              name: 'CodeFormer__ResultsContainer'
              value: resultsContainerName
            }
            {
              name: 'CodeFormer__WorkContainer'
              value: workContainerName
            }
            {
              name: 'CodeFormer__ModelsContainer'
              value: modelsContainerName
            }
            {
              name: 'CodeFormer__JobsTable'
              value: jobsTableName
            }
            {
              name: 'CodeFormer__ModelBlobName'
              value: modelBlobName
            }
            {
              name: 'CodeFormer__Device'
              value: 'Cuda'
            }
            {
              name: 'CodeFormer__MaxBatchSize'
              value: string(maxBatchSize)
            }
            {
              name: 'CodeFormer__MaxConcurrentStageWork'
              value: string(replicaSizes[gpuWorkloadProfileType].stageWork)
            }
            {
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              value: applicationInsightsConnectionString
            }
            {
              name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
              value: 'ClientId=${identityClientId};Authorization=AAD'
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
      }
    }
  }
}

output name string = app.name
output environmentName string = environment.name
