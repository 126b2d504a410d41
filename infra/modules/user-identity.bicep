// One user-assigned identity per app: each app's roles are granted to its own identity, so neither app can do
// what only the other needs.

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
