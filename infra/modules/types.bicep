// Types shared by the modules.

@export()
@description('Resource tags: azd-env-name on everything, azd-service-name on each app.')
type tagSet = {
  *: string
}

@export()
@description('A Service Bus queue and how long a receiver may hold a message before it is redelivered.')
type queueSpec = {
  name: string

  @description('ISO 8601 duration, at most PT5M.')
  lockDuration: string
}
