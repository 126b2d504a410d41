// Service Bus namespace carrying the claim-check messages between the stages. Standard tier because duplicate
// detection (MessageId-based, what makes a re-sent stage message harmless) is not offered on Basic. SAS keys
// are refused (disableLocalAuth): senders and receivers authenticate with their managed identity.

import { queueSpec, tagSet } from 'types.bicep'

param location string
param tags tagSet
param name string

@description('Queues to create: { name, lockDuration } with lockDuration as an ISO 8601 duration (at most PT5M).')
param queues queueSpec[]

@description('Deliveries before a message is moved to the dead-letter queue.')
@minValue(1)
param maxDeliveryCount int = 5

@description('How long an undelivered message stays useful; past it the message is dead-lettered.')
param messageTimeToLive string = 'P1D'

@description('Window in which a second message with the same MessageId is dropped.')
param duplicateDetectionWindow string = 'PT1H'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queueResources 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in queues: {
    parent: namespace
    name: queue.name
    properties: {
      lockDuration: queue.lockDuration
      maxDeliveryCount: maxDeliveryCount
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: messageTimeToLive
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      requiresSession: false
      enableBatchedOperations: true
    }
  }
]

output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
