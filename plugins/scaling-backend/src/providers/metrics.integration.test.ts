import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { component } from '../__fixtures__/entities';
import { scalingPlugin } from '../plugin';
import {
  ScalingMetricsProvider,
  scalingMetricsExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';

/** A fresh in-memory SQLite database per backend, closed after the tests. */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const USER = `Bearer ${mockCredentials.user.token()}`;

function metricsModule(provider: ScalingMetricsProvider) {
  return createBackendModule({
    pluginId: 'scaling',
    moduleId: `test-${provider.id}`,
    register(env) {
      env.registerInit({
        deps: { metrics: scalingMetricsExtensionPoint },
        async init({ metrics }) {
          metrics.addProvider(provider);
        },
      });
    },
  });
}

const ENTITIES = [
  component('api', {
    'scaling.io/platform': 'ecs-fargate',
    'scaling.io/active-users': '5000',
    'scaling.io/uptime-sla': '99.9',
  }),
];

async function start(provider: ScalingMetricsProvider) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      metricsModule(provider),
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

describe('metrics providers through the extension point', () => {
  it('measured values win over annotations and raise their findings', async () => {
    const server = await start({
      id: 'fake',
      async getMetrics(entities) {
        return new Map(
          entities.map(e => [
            e.entityRef,
            { activeUsers: 25000, measuredUptime: 99.5 },
          ]),
        );
      },
    });
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/api')
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    expect(res.body.signals.activeUsers).toEqual({
      value: 25000,
      source: 'metric:fake',
      raw: '5000',
    });
    expect(res.body.signals.measuredUptime).toEqual({
      value: 99.5,
      source: 'metric:fake',
    });
    const ids = res.body.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('declared-users-stale');
    expect(ids).toContain('sla-breach');
    expect(
      res.body.readiness.items.find(
        (i: { id: string }) => i.id === 'monitoring',
      ),
    ).toMatchObject({
      passed: true,
      evidence: 'metrics from fake',
    });
  });

  it('answers within the timeout plus 500 ms when a provider hangs, without holding up other requests', async () => {
    const server = await start({
      id: 'hanging',
      timeoutMs: 1000,
      getMetrics: () => new Promise(() => {}),
    });
    const started = Date.now();
    const slow = request(server)
      .get('/api/scaling/assessments/component/default/api')
      .set('Authorization', USER)
      .then(res => ({ res, ms: Date.now() - started }));
    const other = request(server)
      .post('/api/scaling/simulate')
      .set('Authorization', USER)
      .send({ annotations: { 'scaling.io/active-users': '10' } })
      .then(res => ({ res, ms: Date.now() - started }));
    const [assessment, simulation] = await Promise.all([slow, other]);
    expect(simulation.res.status).toBe(200);
    expect(simulation.ms).toBeLessThan(500);
    expect(assessment.res.status).toBe(200);
    expect(assessment.ms).toBeLessThan(1000 + 500);
    expect(assessment.res.body.signals.activeUsers.source).toBe('annotation');
    expect(assessment.res.body.findings).toContainEqual(
      expect.objectContaining({
        id: 'metrics-unavailable',
        message: expect.stringContaining('hanging'),
      }),
    );
  });
});
