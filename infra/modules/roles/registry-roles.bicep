// Roles on the container registry (AcrPull for the GPU app's identity).

param registryName string
@description('Object id of the identity that receives the roles.')
param principalId string

@allowed([
  'ServicePrincipal'
  'User'
])
param principalType string = 'ServicePrincipal'

@description('Built-in role definition GUIDs to grant.')
param roleDefinitionIds string[]

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: registryName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(registry.id, principalId, roleId)
    scope: registry
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
