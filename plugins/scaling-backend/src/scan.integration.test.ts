import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  HistoryResponse,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { FIXTURE_ENTITIES } from './__fixtures__/entities';
import { scalingPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const USER = `Bearer ${mockCredentials.user.token()}`;

function scanConfig(frequencySeconds: number) {
  return {
    scaling: {
      scan: {
        schedule: {
          frequency: { seconds: frequencySeconds },
          timeout: { seconds: 60 },
          initialDelay: { seconds: 0 },
        },
        pageSize: 4,
        // A snapshot at every scan, for a history to build up within the test.
        snapshotInterval: { seconds: 0 },
      },
    },
  };
}

/** A backend replica with the real scheduler on the given database. */
async function startReplica(knex: Knex, config: object) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      catalogServiceMock.factory({ entities: FIXTURE_ENTITIES }),
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: config as any }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('the scheduled scan behind the overview and history', () => {
  it('serves the overview from the stored scan, and history with a forecast', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startReplica(knex, scanConfig(1));

    const overview = await waitFor(async () => {
      const res = await request(server)
        .get('/api/scaling/overview')
        .set('Authorization', USER);
      return res.body.lastScan ? (res.body as OverviewResponse) : undefined;
    });
    expect(overview.totalCount).toBe(7);
    expect(overview.lastScan).toMatchObject({ entities: 7, stale: false });
    expect(overview.lastScan!.durationMs).toEqual(expect.any(Number));

    // How well the services run where they are, across the org, and the services failing one.
    const twoInstances = overview.practices.find(
      p => p.id === 'min-two-instances',
    );
    expect(twoInstances).toMatchObject({
      failed: 1,
      byTier: { 'managed-cloud': { failed: 1 } },
    });
    expect(overview.practices[0].failed).toBeGreaterThanOrEqual(1);
    const failing = await request(server)
      .get('/api/scaling/overview?failingPractice=min-two-instances')
      .set('Authorization', USER);
    expect((failing.body as OverviewResponse).items.map(i => i.name)).toEqual([
      'cart',
    ]);
    expect(
      (failing.body as OverviewResponse).items[0].practices?.failed,
    ).toContain('min-two-instances');

    const history = await waitFor(async () => {
      const res = await request(server)
        .get('/api/scaling/assessments/component/default/orders/history?days=7')
        .set('Authorization', USER);
      return res.body.snapshots?.length >= 2
        ? (res.body as HistoryResponse)
        : undefined;
    });
    expect(history.snapshots[0]).toMatchObject({
      currentTier: 'managed-cloud',
      recommendedTier: 'kubernetes',
      activeUsers: 20000,
    });
    // The same users at every scan: a flat trend that never crosses.
    expect(history.forecast).toEqual({
      usersPerDay: 0,
      nextTier: 'enterprise',
      threshold: 50001,
      crossesOn: null,
    });

    const missing = await request(server)
      .get('/api/scaling/assessments/component/default/nope/history')
      .set('Authorization', USER);
    expect(missing.status).toBe(404);
  });
});

const pgIds = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

if (pgIds.length === 0) {
  // Only off CI without BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: under CI,
  // TestDatabases starts PostgreSQL in Docker when no connection string is set, or fails.
  // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
  it.skip('two replicas on one PostgreSQL database (PostgreSQL not reachable)', () => {});
} else {
  describe.each(pgIds)('two replicas on one %s database', id => {
    it('run one scan per period between them and serve the same overview', async () => {
      const first = await databases.init(id);
      const second = knexFactory(first.client.config);
      try {
        const frequencySeconds = 2;
        const started = Date.now();
        // One after the other: started at the same moment on an empty database, Backstage's
        // scheduler (not this plugin) can race creating its own knex lock table
        // ("duplicate key value violates unique constraint pg_type_typname_nsp_index").
        // This plugin's own migrations under simultaneous starts are tested in
        // migrateStore.test.ts with ten replicas at once.
        const a = await startReplica(first, scanConfig(frequencySeconds));
        const b = await startReplica(second, scanConfig(frequencySeconds));
        await new Promise(r => setTimeout(r, 9_000));
        const elapsedSeconds = (Date.now() - started) / 1000;

        const scans = await first('scaling_scans').orderBy('started_at');
        const completed = scans.filter(s => s.status === 'completed');
        expect(completed.length).toBeGreaterThanOrEqual(2);
        // One scan per period across both replicas, not one per replica.
        expect(scans.length).toBeLessThanOrEqual(
          Math.ceil(elapsedSeconds / frequencySeconds) + 1,
        );
        // Scans never overlap.
        for (let i = 1; i < completed.length; i++) {
          expect(
            new Date(completed[i].started_at).getTime(),
          ).toBeGreaterThanOrEqual(
            new Date(completed[i - 1].finished_at).getTime(),
          );
        }
        // One snapshot per entity per scan: no duplicates.
        const perScan: Array<{ scan_id: string; n: string | number }> =
          await first('scaling_snapshots')
            .select('scan_id')
            .count({ n: '*' })
            .groupBy('scan_id');
        const completedIds = new Set(completed.map(s => s.id));
        const completedCounts = perScan
          .filter(row => completedIds.has(row.scan_id))
          .map(row => Number(row.n));
        expect(completedCounts).toEqual(completed.map(() => 7));

        const [fromA, fromB] = await Promise.all(
          [a, b].map(server =>
            request(server)
              .get('/api/scaling/overview?limit=500')
              .set('Authorization', USER),
          ),
        );
        expect(fromA.body.items).toEqual(fromB.body.items);
        expect(fromA.body.totalCount).toBe(7);
      } finally {
        await second.destroy();
      }
    });
  });
}
