import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
// The retriever is tested against the real scaling backend, which it reads over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import { OverviewResponse } from '@scaling-advisor/backstage-plugin-scaling-common';
import request from 'supertest';
import { ENTITIES } from './__fixtures__/entities';
import { perPluginDatabases } from './__testUtils__/databases';
import { SCALING_FACT_RETRIEVER_ID } from './factRetriever';
import techInsightsModuleScaling from './index';

jest.setTimeout(60_000);

const database = perPluginDatabases('SQLITE_3');
const USER = `Bearer ${mockCredentials.user.token()}`;
const SCAN_TASK = 'scaling-org-scan';

/** The check of the dev app's app-config.yaml. */
const CHECKS = {
  scalingNotUnderProvisioned: {
    type: 'json-rules-engine',
    name: 'Not under-provisioned',
    description:
      'The service runs on a tier at least as large as the Scaling Advisor recommends',
    factIds: [SCALING_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          {
            fact: 'status',
            operator: 'notEqual',
            value: 'under-provisioned',
          },
        ],
      },
    },
  },
};

async function startBackend() {
  // One mock scheduler for every plugin, which runs nothing by itself: the test runs the scan
  // and the retriever when it wants, and its triggerTask returns when the task is done.
  const scheduler = mockServices.scheduler();
  const schedulerFactory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: () => scheduler,
  });
  const { server } = await startTestBackend({
    features: [
      techInsightsPlugin,
      jsonRulesModule,
      techInsightsModuleScaling,
      scalingPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      database,
      schedulerFactory,
      mockServices.rootConfig.factory({
        data: {
          techInsights: {
            factRetrievers: {
              [SCALING_FACT_RETRIEVER_ID]: {
                cadence: '0 3 * * *',
                lifecycle: { maxItems: 2 },
              },
            },
            factChecker: { checks: CHECKS },
          },
        },
      }),
    ],
  });
  return { server, scheduler };
}

type Server = Awaited<ReturnType<typeof startBackend>>['server'];

async function latestFacts(server: Server, entity: string) {
  const res = await request(server)
    .get('/api/tech-insights/facts/latest')
    .query({ entity, 'ids[]': SCALING_FACT_RETRIEVER_ID })
    .set('Authorization', USER);
  expect(res.status).toBe(200);
  return res.body[SCALING_FACT_RETRIEVER_ID]?.facts as
    Record<string, unknown> | undefined;
}

async function runCheck(server: Server, name: string) {
  const res = await request(server)
    .post(`/api/tech-insights/checks/run/default/component/${name}`)
    .set('Authorization', USER)
    .send({ checks: ['scalingNotUnderProvisioned'] });
  expect(res.status).toBe(200);
  return res.body as Array<{ check: { id: string }; result: boolean }>;
}

describe('the Scaling Advisor facts in Tech Insights', () => {
  it('publishes the stored assessments and checks them with JSON rules', async () => {
    const { server, scheduler } = await startBackend();

    const schemas = await request(server)
      .get('/api/tech-insights/fact-schemas')
      .query({ 'ids[]': SCALING_FACT_RETRIEVER_ID })
      .set('Authorization', USER);
    expect(schemas.status).toBe(200);
    const [schema] = schemas.body as FactSchema[];
    expect(schema).toMatchObject({
      id: SCALING_FACT_RETRIEVER_ID,
      entityFilter: [{ kind: 'component' }],
      // The store serves each schema's facts beside its id, version and filter.
      currentTier: { type: 'string' },
      recommendedTier: { type: 'string' },
      status: { type: 'string' },
      readinessScore: { type: 'integer' },
      blockers: { type: 'set' },
    });

    // Before the first stored scan the overview is assessed live: the retriever's first run
    // (seconds after start, in an app) waits for the first scan instead of publishing nothing
    // until its next run, a cadence later.
    const live = await request(server)
      .get('/api/scaling/overview')
      .set('Authorization', USER);
    expect(live.body).toMatchObject({ lastScan: null });
    expect(live.body.items.map((i: { name: string }) => i.name)).toContain(
      'orders',
    );
    const firstRun = scheduler.triggerTask(SCALING_FACT_RETRIEVER_ID);
    await new Promise(r => setTimeout(r, 1000));
    expect(await latestFacts(server, 'component:default/orders')).toBe(
      undefined,
    );

    await scheduler.triggerTask(SCAN_TASK);
    const scanFinished = Date.now();
    await firstRun;
    // Within one look (5 s) of the first scan.
    expect(Date.now() - scanFinished).toBeLessThan(7_000);
    expect(await latestFacts(server, 'component:default/orders')).toMatchObject(
      { status: 'under-provisioned' },
    );
    const overview = await request(server)
      .get('/api/scaling/overview')
      .query({ limit: 500 })
      .set('Authorization', USER);
    expect(overview.status).toBe(200);
    const stored = overview.body as OverviewResponse;
    expect(stored.lastScan).not.toBeNull();

    await scheduler.triggerTask(SCALING_FACT_RETRIEVER_ID);

    expect(await latestFacts(server, 'component:default/orders')).toEqual({
      currentTier: 'managed-cloud',
      recommendedTier: 'kubernetes',
      status: 'under-provisioned',
      readinessScore: 27,
      blockers: [],
      // Of its tier's six practices, the health endpoint is known to be followed.
      practicesScore: 17,
      failingPractices: [],
    });
    expect(await latestFacts(server, 'component:default/cart')).toEqual({
      currentTier: 'managed-cloud',
      recommendedTier: 'managed-cloud',
      status: 'aligned',
      readinessScore: 9,
      blockers: ['team-expertise'],
      practicesScore: 0,
      failingPractices: ['min-two-instances'],
    });
    expect(await latestFacts(server, 'component:default/checkout')).toEqual({
      currentTier: 'single-vps',
      recommendedTier: 'single-vps',
      status: 'aligned',
      readinessScore: 0,
      blockers: ['containerized'],
      practicesScore: 0,
      failingPractices: [],
    });
    // Unknown values are null.
    expect(await latestFacts(server, 'component:default/unconfigured')).toEqual(
      {
        currentTier: null,
        recommendedTier: null,
        status: 'insufficient-data',
        readinessScore: null,
        blockers: [],
        practicesScore: null,
        failingPractices: [],
      },
    );
    // A library is not assessed: no facts.
    expect(await latestFacts(server, 'component:default/docs')).toBe(undefined);

    // Every stored row is published as the overview serves it, blockers by id.
    expect(stored.items.map(i => i.name).sort()).toEqual(
      [
        'cart',
        'catalog',
        'checkout',
        'orders',
        'search',
        'unconfigured',
      ].sort(),
    );
    for (const item of stored.items) {
      expect(
        await latestFacts(server, `component:default/${item.name}`),
      ).toEqual({
        currentTier: item.currentTier,
        recommendedTier: item.recommendedTier,
        status: item.status,
        readinessScore: item.readinessScore,
        blockers: item.blockers.map(b => b.id),
        practicesScore: item.practicesScore,
        failingPractices: item.practices?.failed ?? [],
      });
    }

    expect(await runCheck(server, 'cart')).toEqual([
      expect.objectContaining({
        check: expect.objectContaining({ id: 'scalingNotUnderProvisioned' }),
        result: true,
      }),
    ]);
    expect(await runCheck(server, 'orders')).toEqual([
      expect.objectContaining({
        check: expect.objectContaining({ id: 'scalingNotUnderProvisioned' }),
        result: false,
      }),
    ]);
  });
});
