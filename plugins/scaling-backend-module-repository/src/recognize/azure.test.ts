import { facts, observe } from './__testUtils__/observe';

const CONTAINER_GROUP = {
  $schema:
    'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    location: { type: 'string', defaultValue: '[resourceGroup().location]' },
    containerImage: {
      type: 'string',
      defaultValue: 'contoso.azurecr.io/petstore:1.4.2',
    },
  },
  resources: [
    {
      type: 'Microsoft.ContainerInstance/containerGroups',
      apiVersion: '2023-05-01',
      name: "[concat('petstore-', copyIndex(1))]",
      location: "[parameters('location')]",
      copy: { name: 'instances', count: 2 },
      properties: {
        containers: [
          {
            name: 'petstore',
            properties: {
              image: "[parameters('containerImage')]",
              resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
              ports: [{ port: 8000, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/health', port: 8000, scheme: 'http' },
                periodSeconds: 30,
              },
              readinessProbe: {
                httpGet: { path: '/ready', port: 8000, scheme: 'http' },
                periodSeconds: 10,
              },
            },
          },
        ],
        osType: 'Linux',
        restartPolicy: 'Always',
        ipAddress: {
          type: 'Private',
          ports: [{ port: 8000, protocol: 'TCP' }],
        },
        diagnostics: {
          logAnalytics: {
            workspaceId: "[parameters('logAnalyticsWorkspaceId')]",
            workspaceKey: "[parameters('logAnalyticsWorkspaceKey')]",
          },
        },
      },
    },
  ],
};

describe('ARM templates', () => {
  it('reads an Azure Container Instances container group', () => {
    expect(
      facts('deploy/aci/container-group.json', JSON.stringify(CONTAINER_GROUP)),
    ).toEqual({
      platform: ['azure-container-instances'],
      healthEndpoint: ['/ready', '/health'],
      port: [8000],
      observability: [['logging']],
      imageRegistry: [true],
    });
  });

  it('does not count an ARM template as the iac practice', () => {
    const found = facts(
      'deploy/aci/container-group.json',
      JSON.stringify(CONTAINER_GROUP),
    );
    expect(found.practices).toBeUndefined();
  });

  it('reads resources by symbolic name, child resources and Front Door', () => {
    const template = {
      languageVersion: '2.0',
      resources: {
        profile: {
          type: 'Microsoft.Cdn/profiles',
          apiVersion: '2023-05-01',
          name: 'afd-petstore',
          sku: { name: 'Standard_AzureFrontDoor' },
        },
        cluster: {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-02-01',
          name: 'aks-prod',
          resources: [
            { type: 'Microsoft.ContainerRegistry/registries', name: 'contoso' },
          ],
        },
      },
    };
    expect(facts('infra/main.json', JSON.stringify(template))).toEqual({
      cdn: [true],
      platform: ['aks'],
      imageRegistry: [true],
    });
  });
});

describe('Bicep', () => {
  const bicep = `@description('Where the container group runs.')
param location string = resourceGroup().location

resource petstore 'Microsoft.ContainerInstance/containerGroups@2023-05-01' = {
  name: 'petstore'
  location: location
  properties: {
    osType: 'Linux'
    containers: [
      {
        name: 'petstore'
        properties: {
          image: 'contoso.azurecr.io/petstore:1.4.2'
          ports: [ { port: 8000 } ]
          resources: { requests: { cpu: 1, memoryInGB: json('1.5') } }
          livenessProbe: {
            httpGet: {
              path: '/health'
              port: 8000
            }
          }
        }
      }
    ]
  }
}
`;

  it('reads a container group, its probe and image, and counts as iac', () => {
    expect(facts('infra/aci.bicep', bicep)).toEqual({
      practices: [['iac']],
      platform: ['azure-container-instances'],
      healthEndpoint: ['/health'],
      imageRegistry: [true],
    });
  });

  it('reads an AKS cluster', () => {
    const aks = `resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-prod'
  location: 'westeurope'
}
`;
    expect(facts('infra/aks.bicep', aks)).toEqual({
      practices: [['iac']],
      platform: ['aks'],
    });
  });

  it('reads nothing from text that is not Bicep', () => {
    expect(observe('infra/notes.bicep', 'Bicep files go here.\n')).toEqual([]);
  });
});
