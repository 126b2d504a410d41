// Registry for the GPU app's image. No admin user and no anonymous pull: azd pushes with the developer's Entra
// ID sign-in and the container app pulls with its managed identity (AcrPull).

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param name string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
