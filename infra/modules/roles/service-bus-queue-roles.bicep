// Data-plane roles on a single Service Bus queue, not the namespace: a sender to one stage cannot read or write
// another stage's queue.

param namespaceName string
param queueName string
@description('Object id of the identity that receives the roles.')
param principalId string

@allowed([
  'ServicePrincipal'
  'User'
])
param principalType string = 'ServicePrincipal'

@description('Built-in role definition GUIDs to grant.')
param roleDefinitionIds string[]

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: namespaceName

  resource queue 'queues' existing = {
    name: queueName
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(namespace::queue.id, principalId, roleId)
    scope: namespace::queue
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
