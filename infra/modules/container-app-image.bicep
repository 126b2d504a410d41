// The image a container app runs now, so that `azd provision` after `azd deploy` keeps the deployed image
// instead of putting the placeholder back. A separate module so the lookup happens before the app is updated.

param name string
param exists bool
param placeholderImage string

resource current 'Microsoft.App/containerApps@2025-07-01' existing = if (exists) {
  name: name
}

output image string = exists ? current!.properties.template!.containers![0].image! : placeholderImage
