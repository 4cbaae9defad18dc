import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Assessment,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  ScalingEvidenceProvider,
  scalingEvidenceExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import request from 'supertest';
import { scalingPlugin } from './plugin';

/** A fresh in-memory SQLite database per backend, closed after the tests. */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const USER = `Bearer ${mockCredentials.user.token('user:default/alice')}`;

/** A Component as a real catalog has it on day one: no scaling.io/ annotation. */
function plain(name: string, type: string, lifecycle: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: {} },
    spec: { type, lifecycle, owner: 'group:default/team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

const ENTITIES = [
  plain('petstore', 'service', 'production'),
  plain('searcher', 'service', 'experimental'),
  plain('www-artist', 'website', 'production'),
  plain('playback-sdk', 'library', 'production'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  } as Entity,
];

/** An evidence provider that knows two of the services, and fails for the batch on demand. */
function evidenceModule(provider: ScalingEvidenceProvider) {
  return createBackendModule({
    pluginId: 'scaling',
    moduleId: 'test-evidence',
    register(reg) {
      reg.registerInit({
        deps: { evidence: scalingEvidenceExtensionPoint },
        async init({ evidence }) {
          evidence.addProvider(provider);
        },
      });
    },
  });
}

const REPOSITORY: ScalingEvidenceProvider = {
  id: 'repository',
  async getEvidence(entities) {
    const known: Record<string, EntityEvidence> = {
      'component:default/petstore': {
        values: {
          platform: {
            value: 'kubernetes',
            evidence: 'k8s/deployment.yaml: a Deployment',
          },
          helmChart: {
            value: true,
            evidence: 'charts/petstore/Chart.yaml: a Helm chart',
          },
          // Not of the key's type: dropped.
          autoscaling: { value: 'lots' as unknown as boolean, evidence: 'x' },
        },
      },
      'component:default/searcher': {
        values: {
          platform: {
            value: 'cloud-run',
            evidence: 'deploy/service.yaml: a Knative Service',
          },
        },
        problems: [
          {
            id: 'repository-content-skipped',
            message: 'deploy/huge.yaml: 600 kB, larger than 512 kB; not read',
          },
        ],
      },
    };
    return new Map(
      entities
        .filter(e => known[e.entityRef])
        .map(e => [e.entityRef, known[e.entityRef]]),
    );
  },
};

const POLICY = [
  {
    filter: { 'spec.lifecycle': 'production' },
    annotations: { 'scaling.io/uptime-sla': '99.9' },
  },
  {
    filter: { 'spec.lifecycle': 'experimental' },
    annotations: { 'scaling.io/uptime-sla': '99' },
  },
];

async function startBackend(provider: ScalingEvidenceProvider = REPOSITORY) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      evidenceModule(provider),
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.rootConfig.factory({
        data: { scaling: { defaults: POLICY } },
      }),
    ],
  });
  return server;
}

const get = async <T>(
  server: Awaited<ReturnType<typeof startBackend>>,
  path: string,
) => {
  const res = await request(server)
    .get(`/api/scaling${path}`)
    .set('Authorization', USER);
  return { status: res.status, body: res.body as T };
};

describe('day one: a catalog without scaling.io annotations', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    server = await startBackend();
  });

  it('takes the platform from the evidence provider and the SLA from the org policy', async () => {
    const { status, body } = await get<Assessment>(
      server,
      '/assessments/component/default/petstore',
    );
    expect(status).toBe(200);
    expect(body.signals.platform).toEqual({
      value: 'kubernetes',
      source: 'repository',
      evidence: 'k8s/deployment.yaml: a Deployment',
    });
    expect(body.signals.uptimeSla).toEqual({
      value: 99.9,
      source: 'config',
      evidence: 'scaling.defaults[0]',
    });
    expect(body.currentTier).toBe('kubernetes');
    expect(body.recommendedTier).toBe('managed-cloud');
    // The value of the wrong type was dropped, not passed to the rules.
    expect(
      body.readiness.items.find(i => i.id === 'autoscaling'),
    ).toBeUndefined();
  });

  it("reports a provider's problem with one entity as that entity's finding", async () => {
    const { body } = await get<Assessment>(
      server,
      '/assessments/component/default/searcher',
    );
    expect(body.currentTier).toBe('managed-cloud');
    expect(body.signals.uptimeSla.evidence).toBe('scaling.defaults[1]');
    expect(body.findings).toContainEqual({
      id: 'repository-content-skipped',
      severity: 'info',
      message: 'deploy/huge.yaml: 600 kB, larger than 512 kB; not read',
    });
  });

  it('answers a library 200 not-applicable, and leaves it out of the overview', async () => {
    const { status, body } = await get<Assessment>(
      server,
      '/assessments/component/default/playback-sdk',
    );
    expect(status).toBe(200);
    expect(body.status).toBe('not-applicable');
    expect(body.findings.map(f => f.id)).toEqual(['not-deployable']);

    const overview = await get<OverviewResponse>(server, '/overview');
    expect(overview.body.items.map(i => i.name).sort()).toEqual([
      'petstore',
      'searcher',
      'www-artist',
    ]);
    expect(overview.body.totalCount).toBe(3);
    const csv = await request(server)
      .get('/api/scaling/overview.csv')
      .set('Authorization', USER);
    expect(csv.text).not.toContain('playback-sdk');
  });

  it('reports coverage: for each signal, how many listed services have a value, by source', async () => {
    const { body } = await get<OverviewResponse>(server, '/overview');
    expect(body.coverage.services).toBe(3);
    expect(body.coverage.signals.platform).toEqual({
      known: 2,
      unknown: 1,
      bySource: { repository: 2 },
    });
    expect(body.coverage.signals.uptimeSla).toEqual({
      known: 3,
      unknown: 0,
      bySource: { config: 3 },
    });
    expect(body.coverage.signals.activeUsers).toEqual({
      known: 0,
      unknown: 3,
      bySource: {},
    });
  });
});

describe('day one, when an evidence provider fails for a whole batch', () => {
  it('answers with the finding evidence-unavailable on each entity, never an error', async () => {
    const server = await startBackend({
      id: 'cmdb',
      timeoutMs: 200,
      getEvidence: () => new Promise(() => {}),
    });
    const { status, body } = await get<Assessment>(
      server,
      '/assessments/component/default/petstore',
    );
    expect(status).toBe(200);
    expect(body.findings).toContainEqual({
      id: 'evidence-unavailable',
      severity: 'warning',
      message:
        'The cmdb evidence provider is unavailable (timed out after 200 ms); its values are left out.',
    });
    expect(body.signals.uptimeSla.source).toBe('config');
  });
});
