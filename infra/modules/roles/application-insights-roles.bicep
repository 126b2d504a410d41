// Roles on Application Insights (Monitoring Metrics Publisher: needed to send telemetry once local auth is off).

param applicationInsightsName string
@description('Object id of the identity that receives the roles.')
param principalId string

@allowed([
  'ServicePrincipal'
  'User'
])
param principalType string = 'ServicePrincipal'

@description('Built-in role definition GUIDs to grant.')
param roleDefinitionIds string[]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(applicationInsights.id, principalId, roleId)
    scope: applicationInsights
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
