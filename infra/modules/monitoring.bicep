// Log Analytics workspace and a workspace-based Application Insights that accepts only Entra ID-authenticated
// telemetry: the apps send with their managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), so no
// instrumentation key is of any use to anyone who reads a setting.

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param workspaceName string
param applicationInsightsName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output workspaceId string = workspace.id
output applicationInsightsName string = applicationInsights.name
// The connection string names the ingestion endpoint; with local auth disabled it grants nothing on its own.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
