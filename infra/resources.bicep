// The bot's resources in one resource group (see main.bicep for the why).
param environmentName string
param location string
param tags object
@allowed(['global', 'usgov', 'usgovdod', 'china'])
param cloud string
param botDisplayName string
param appServiceSku string
param instanceCount int
param botSku string
param adminGroupId string
param helpdeskGroupId string

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var stateContainer = 'bot-state'
var outboxQueue = 'helpdesk-outbox'

// Built-in roles the identity gets on the storage account (data plane only, no keys).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

// The bot's identity: Bot Framework (UserAssignedMSI), Microsoft Graph (app roles granted by
// scripts/grant-graph-permissions.sh) and Storage (the role assignments below).
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${environmentName}'
  location: location
  tags: tags
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${environmentName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${environmentName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${take(token, 22)}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    // Only Entra tokens: no account key or SAS can reach the data.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: stateContainer
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: outboxQueue
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${environmentName}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-${environmentName}-${take(token, 6)}'
  location: location
  // azd deploys the `bot` service of azure.yaml to the site carrying this tag.
  tags: union(tags, { 'azd-service-name': 'bot' })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The platform's Node 22 LTS runs the build that Oryx made on deployment (npm ci, npm run build).
      appCommandLine: 'node --disable-warning=DEP0111 --max-semi-space-size=32 dist/src/index.js'
    }
  }
}

// Settings the bot reads (src/config/env.ts is the schema; the test keeps the two in step). No
// secret: the identity replaces the bot password, the Graph secret and the storage key.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: tenant().tenantId
    GRAPH_CLOUD: cloud
    GRAPH_MODE: 'graph'
    GRAPH_USE_MANAGED_IDENTITY: 'true'
    GRAPH_CLIENT_ID: identity.properties.clientId
    GRAPH_TENANT_ID: tenant().tenantId
    STORAGE_KIND: 'blob'
    BLOB_ACCOUNT_URL: storage.properties.primaryEndpoints.blob
    QUEUE_ACCOUNT_URL: storage.properties.primaryEndpoints.queue
    STORAGE_CLIENT_ID: identity.properties.clientId
    BLOB_CONTAINER: stateContainer
    OUTBOX_BACKEND: 'azure-queue'
    OUTBOX_QUEUE_NAME: outboxQueue
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    PUBLIC_BASE_URL: 'https://${webApp.properties.defaultHostName}'
    ADMIN_GROUP_ID: adminGroupId
    HELPDESK_GROUP_ID: helpdeskGroupId
    LOG_LEVEL: 'info'
  }
  dependsOn: [
    blobRole
    queueRole
    container
    queue
  ]
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: 'bot-${environmentName}-${take(token, 6)}'
    botDisplayName: botDisplayName
    botSku: botSku
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    messagingEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    tags: tags
  }
}

output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output webAppHostName string = webApp.properties.defaultHostName
