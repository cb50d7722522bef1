// Deploys the Enrollment Assistant: `azd up` runs this (see azure.yaml and README, Deploy to Azure).
//
// Shape and choices follow Microsoft's Teams bot templates (the Microsoft 365 Agents Toolkit /
// Teams Toolkit bot templates, infra/azure.bicep and infra/botRegistration/azurebot.bicep in
// OfficeDev/teams-toolkit and OfficeDev/Microsoft-Teams-Samples): a user-assigned managed identity
// is the bot's identity (msaAppType UserAssignedMSI), so there is no client secret anywhere; the
// identity also reaches Microsoft Graph and Azure Storage through role assignments, never keys.
// Written for this project; the settings are checked against the config schema by
// test/unit/infra/bicep-settings.test.ts.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Azure region for the resource group and its resources.')
param location string

@description('National cloud of the tenant: global (also GCC), usgov (GCC High), usgovdod (DoD) or china (21Vianet). Sets GRAPH_CLOUD, which also picks the Bot Framework endpoints.')
@allowed(['global', 'usgov', 'usgovdod', 'china'])
param cloud string = 'global'

@maxLength(42)
@description('Name people see in Teams for the Azure Bot.')
param botDisplayName string = 'Enrollment Assistant'

@description('App Service plan SKU (Linux). B1 is enough for one instance; use P0v3 or above to run several.')
param appServiceSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('Instances of the web app. Above 1, state is in Blob storage and the outbox in a queue already, so nothing else changes.')
param instanceCount int = 1

@description('Azure Bot SKU: F0 (free, Teams is a standard channel) or S1.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Optional: object id of the Entra group whose members are the bot\'s admins (ADMIN_GROUP_ID).')
param adminGroupId string = ''

@description('Optional: object id of the Entra group of helpdesk agents (HELPDESK_GROUP_ID).')
param helpdeskGroupId string = ''

var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    cloud: cloud
    botDisplayName: botDisplayName
    appServiceSku: appServiceSku
    instanceCount: instanceCount
    botSku: botSku
    adminGroupId: adminGroupId
    helpdeskGroupId: helpdeskGroupId
  }
}

// azd stores these in the environment (.azure/<env>/.env); the README's next steps read them.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output BOT_ID string = resources.outputs.identityClientId
output BOT_DOMAIN string = resources.outputs.webAppHostName
output BOT_ENDPOINT string = 'https://${resources.outputs.webAppHostName}/api/messages'
output IDENTITY_PRINCIPAL_ID string = resources.outputs.identityPrincipalId
output GRAPH_CLOUD string = cloud
