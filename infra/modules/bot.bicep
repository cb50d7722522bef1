// The Azure Bot resource that registers the messaging endpoint with the Bot Framework, signed in
// as the user-assigned managed identity, with the Microsoft Teams channel on.
param botName string
@maxLength(42)
param botDisplayName string
param botSku string
param identityClientId string
param identityResourceId string
param messagingEndpoint string
param tags object

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: tenant().tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
