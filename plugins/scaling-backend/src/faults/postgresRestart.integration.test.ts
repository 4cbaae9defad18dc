import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { OverviewResponse } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  scalingEvidenceExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import knexFactory, { Knex } from 'knex';
import { Server } from 'node:http';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { FIXTURE_ENTITIES } from '../__fixtures__/entities';
import {
  recordingLogger,
  sleep,
  USER,
  waitFor,
  startFaultBackend,
} from './__testUtils__/faultHarness';
import {
  postgresBinaries,
  throwawayPostgres,
} from './__testUtils__/throwawayPostgres';

jest.setTimeout(120_000);

const FAILED_LINE =
  'scan failed; earlier assessments are kept and the next run retries';

/**
 * An evidence provider that, once armed, holds the scan at its second page until released,
 * so that the test can take the database away while a scan is half-way.
 */
function gatedEvidence() {
  let armed = false;
  let calls = 0;
  let reached: () => void = () => {};
  let release: () => void = () => {};
  const module = createBackendModule({
    pluginId: 'scaling',
    moduleId: 'gated-evidence',
    register(reg) {
      reg.registerInit({
        deps: { evidence: scalingEvidenceExtensionPoint },
        async init({ evidence }) {
          evidence.addProvider({
            id: 'gated',
            timeoutMs: 60_000,
            async getEvidence() {
              if (armed && ++calls === 2) {
                reached();
                await new Promise<void>(resolve => {
                  release = resolve;
                });
              }
              return new Map<string, EntityEvidence>();
            },
          });
        },
      });
    },
  });
  return {
    module,
    /** Holds the next scan at its second page; resolves once it is held. */
    arm(): Promise<void> {
      armed = true;
      calls = 0;
      return new Promise(resolve => {
        reached = resolve;
      });
    },
    release() {
      armed = false;
      release();
    },
  };
}

type ScanRow = {
  id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  entities: number;
  error: string | null;
};

function overviewOf(server: Server, query = 'limit=500') {
  return request(server)
    .get(`/api/scaling/overview?${query}`)
    .set('Authorization', USER);
}

describe('PostgreSQL restarted in the middle of a scan', () => {
  let pg: Awaited<ReturnType<typeof throwawayPostgres>> | undefined;
  let db: Knex | undefined;
  let stopBackend: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await stopBackend?.();
    await db?.destroy();
    await pg?.destroy();
  });

  it('fails that scan with one log line, keeps the store, answers the overview stale, and the next period recovers', async () => {
    const bindir = await postgresBinaries();
    if (!bindir) {
      throw new Error(
        'pg_config was not found: this test needs the PostgreSQL server binaries (Debian: postgresql)',
      );
    }
    pg = await throwawayPostgres(bindir);
    const gate = gatedEvidence();
    const logs = recordingLogger();
    const backend = await startFaultBackend({
      features: [
        gate.module,
        logs.factory,
        catalogServiceMock.factory({ entities: FIXTURE_ENTITIES }),
        databaseServiceFactory,
      ],
      config: {
        backend: { database: { client: 'pg', connection: pg.connection } },
      },
      scan: {
        schedule: {
          frequency: { seconds: 2 },
          timeout: { seconds: 60 },
          initialDelay: { seconds: 0 },
        },
        // Seven Components: four pages of 2, 2, 2 and 1.
        pageSize: 2,
      },
    });
    stopBackend = () => backend.stop();
    const { server } = backend;
    db = knexFactory({
      client: 'pg',
      connection: { ...pg.connection, database: 'backstage_plugin_scaling' },
      pool: { min: 0, max: 2 },
    });
    const scans = (): Promise<ScanRow[]> =>
      db!('scaling_scans').orderBy('started_at');

    // A first period's scan completes; the overview a user sees, and what is stored.
    const first = await waitFor('a complete scan', async () =>
      (await scans()).find(s => s.status === 'completed'),
    );
    expect(first.entities).toBe(7);
    const before = await overviewOf(server);
    expect(before.status).toBe(200);
    const good = before.body as OverviewResponse;
    expect(good).toMatchObject({
      totalCount: 7,
      lastScan: { entities: 7, stale: false },
    });
    await gate.arm();
    // Held at a later page of a scan, once the pages before are committed (the page before
    // is written while the next one is gathered); the store as it is then.
    await sleep(500);
    const running = (await scans()).find(s => s.status === 'running')!;
    expect(running).toBeDefined();
    const [{ n: committed }] = await db('scaling_latest')
      .where({ scan_id: running.id })
      .count({ n: '*' });
    expect(Number(committed)).toBeGreaterThanOrEqual(2);
    expect(Number(committed)).toBeLessThan(7);
    const latestBefore = await db('scaling_latest')
      .orderBy('entity_ref')
      .select('entity_ref', 'current_tier', 'recommended_tier', 'status');
    expect(latestBefore).toHaveLength(7);
    const snapshotsBefore = await db('scaling_snapshots')
      .orderBy(['entity_ref', 'taken_at'])
      .select('entity_ref', 'taken_at');
    await db.destroy();
    db = undefined;
    logs.lines.length = 0;

    // The database goes away mid-scan.
    await pg.stop();

    // The overview answers through it: the same answer, marked stale.
    const during = await overviewOf(server);
    expect(during.status).toBe(200);
    expect(during.body).toEqual({
      ...good,
      lastScan: { ...good.lastScan, stale: true },
    });
    // A query not answered before has nothing to fall back on: a 503 that says why.
    const unseen = await overviewOf(server, 'status=under-provisioned');
    expect(unseen.status).toBe(503);
    expect(unseen.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        'The stored scan results cannot be read',
      ),
    });
    // So does the history, which only the store holds.
    const history = await request(server)
      .get('/api/scaling/assessments/component/default/orders/history')
      .set('Authorization', USER);
    expect(history.status).toBe(503);

    // The scan goes on to write page 2 while the database is down; it comes back soon after.
    gate.release();
    await sleep(1500);
    await pg.start();

    db = knexFactory({
      client: 'pg',
      connection: { ...pg.connection, database: 'backstage_plugin_scaling' },
      pool: { min: 0, max: 2 },
    });
    const failed = await waitFor('the held scan to be recorded', async () => {
      const row = (await scans()).find(s => s.id === running.id);
      return row?.status === 'failed' ? row : undefined;
    });
    expect(failed.finished_at).not.toBeNull();
    // Recorded with its cause (the database), not as an interruption at the next run.
    expect(failed.error).toMatch(/ECONNREFUSED|terminat|connect/i);

    // One line for the failed scan, saying it was recorded; no other error of the plugin's
    // but the framework's line for each 503 answered above.
    const pluginErrors = () =>
      logs.lines.filter(
        l => l.meta.plugin === 'scaling' && l.level === 'error',
      );
    const requestErrors = pluginErrors().filter(
      l => l.meta.type === 'errorHandler',
    );
    expect(requestErrors.map(l => l.message)).toEqual([
      'Request failed with status 503',
      'Request failed with status 503',
    ]);
    const errors = pluginErrors().filter(l => l.meta.type !== 'errorHandler');
    expect(errors).toEqual([
      {
        level: 'error',
        message: FAILED_LINE,
        meta: expect.objectContaining({
          scanId: running.id,
          entities: Number(committed),
          cause: failed.error,
        }),
      },
    ]);
    expect(errors[0].meta).not.toHaveProperty('recorded');

    // The store is intact: every latest row, and no snapshot written twice.
    expect(
      await db('scaling_latest')
        .orderBy('entity_ref')
        .select('entity_ref', 'current_tier', 'recommended_tier', 'status'),
    ).toEqual(latestBefore);
    expect(
      await db('scaling_snapshots')
        .orderBy(['entity_ref', 'taken_at'])
        .select('entity_ref', 'taken_at'),
    ).toEqual(snapshotsBefore);

    // The next period scans again and completes; the overview is fresh again.
    const next = await waitFor(
      'a complete scan after the failed one',
      async () =>
        (await scans()).find(
          s =>
            s.status === 'completed' &&
            new Date(s.started_at) > new Date(failed.started_at),
        ),
    );
    expect(next.entities).toBe(7);
    const after = await overviewOf(server);
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual(good.items);
    expect(after.body.totals).toEqual(good.totals);
    expect(after.body.lastScan).toMatchObject({ entities: 7, stale: false });
    expect(Date.parse(after.body.lastScan.startedAt)).toBeGreaterThanOrEqual(
      new Date(next.started_at).getTime(),
    );
    const recoveredUnseen = await overviewOf(
      server,
      'status=under-provisioned',
    );
    expect(recoveredUnseen.status).toBe(200);
    expect(pluginErrors()).toHaveLength(3);
  });
});
