// The CPU Function app (detect, paste-back, HTTP API) on a Flex Consumption plan. Every connection is
// identity-based with the app's user-assigned identity; the deployment package is read from the host account's
// container with that identity too, and basic (FTP/SCM) publishing credentials are switched off.

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param name string
param planName string

param identityId string
param identityClientId string

param hostStorageName string
param hostStorageBlobEndpoint string
param deploymentContainerName string

param dataStorageBlobEndpoint string
param dataStorageQueueEndpoint string
param dataStorageTableEndpoint string
param uploadsContainerName string
param resultsContainerName string
param workContainerName string
param modelsContainerName string
param jobsTableName string
@description('Container where Event Grid dead-letters the upload events it could not deliver to Detect.')
param uploadEventsDeadLetterContainerName string

param serviceBusNamespace string
param restoreQueueName string
param pasteQueueName string

param applicationInsightsConnectionString string

param detector string
param maxUploadBytes int
param maxPixels int

@description('Largest result (working image x upscale) a job may make.')
param maxOutputPixels int

@description('Minutes a result link (read-only user delegation SAS) stays valid; 0 streams results instead.')
param resultLinkMinutes int = 15

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int
@allowed([
  2048
  4096
])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Flex Consumption takes the worker runtime from functionAppConfig.runtime and refuses a
// FUNCTIONS_WORKER_RUNTIME app setting, so it is not repeated here.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: hostStorageName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    CodeFormerStorage__blobServiceUri: dataStorageBlobEndpoint
    CodeFormerStorage__queueServiceUri: dataStorageQueueEndpoint
    CodeFormerStorage__tableServiceUri: dataStorageTableEndpoint
    CodeFormerStorage__credential: 'managedidentity'
    CodeFormerStorage__clientId: identityClientId
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
    ServiceBusConnection__credential: 'managedidentity'
    ServiceBusConnection__clientId: identityClientId
    RestoreQueueName: restoreQueueName
    PasteQueueName: pasteQueueName
    CodeFormer__UploadsContainer: uploadsContainerName
    CodeFormer__ResultsContainer: resultsContainerName
    CodeFormer__WorkContainer: workContainerName
    CodeFormer__ModelsContainer: modelsContainerName
    CodeFormer__JobsTable: jobsTableName
    CodeFormer__Detector: detector
    CodeFormer__MaxUploadBytes: string(maxUploadBytes)
    CodeFormer__MaxPixels: string(maxPixels)
    CodeFormer__MaxOutputPixels: string(maxOutputPixels)
    CodeFormer__ResultLinkMinutes: string(resultLinkMinutes)
    // One heavy stage run (decode, detect, paste) per 2 GB of instance memory: a 40 MP photo enlarged 2x needs
    // about that much at its peak. The rest waits in the queue instead of taking the instance out of memory.
    CodeFormer__MaxConcurrentStageWork: string(instanceMemoryMB / 2048)
    UploadEventsDeadLetterContainer: uploadEventsDeadLetterContainerName
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
