// System topic for the data account's blob events. Its subscription (BlobCreated under uploads/ to the detect
// function's blob webhook) is made by infra/hooks/subscribe-uploads.sh after deploy, because the webhook's key
// only exists once the function app's code is running.

import { tagSet } from 'types.bicep'

param location string
param tags tagSet
param name string
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
