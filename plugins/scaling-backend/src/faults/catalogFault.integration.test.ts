import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { OverviewResponse } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Server } from 'node:http';
import request from 'supertest';
import { FIXTURE_ENTITIES } from '../__fixtures__/entities';
import {
  faultyCatalog,
  recordingLogger,
  scanNow,
  USER,
  startFaultBackend,
} from './__testUtils__/faultHarness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const CHECKOUT = 'component:default/checkout';

async function overview(server: Server): Promise<OverviewResponse> {
  const res = await request(server)
    .get('/api/scaling/overview?limit=500')
    .set('Authorization', USER);
  expect(res.status).toBe(200);
  return res.body;
}

describe('a scan whose catalog answers 503 for one page', () => {
  it('is recorded failed, keeps the last good assessments, and the next good scan prunes', async () => {
    const knex = await databases.init('SQLITE_3');
    const catalog = faultyCatalog(
      FIXTURE_ENTITIES,
      () =>
        new ServiceUnavailableError(
          'Request failed with 503 Service Unavailable',
        ),
    );
    const logs = recordingLogger();
    const { server } = await startFaultBackend({
      features: [
        catalog.factory,
        logs.factory,
        mockServices.database.factory({ knex }),
      ],
      scan: {
        // Only the scans the test starts run.
        schedule: {
          frequency: { trigger: 'manual' },
          timeout: { seconds: 30 },
        },
        // Seven Components: four pages of 2, 2, 2 and 1.
        pageSize: 2,
      },
    });

    // A first good scan stores every Component.
    const good = await scanNow(server);
    expect(good.scan).toMatchObject({ status: 'completed', entities: 7 });
    const before = await overview(server);
    expect(before.totalCount).toBe(7);
    expect(before.lastScan).toMatchObject({
      startedAt: expect.any(String),
      entities: 7,
      stale: false,
    });
    expect(before.items.map(i => i.entityRef)).toContain(CHECKOUT);

    // checkout leaves the catalog, and the catalog then fails the second page: a scan that
    // pruned on failure would drop checkout (and every Component of pages 2 to 4).
    catalog.setEntities(
      FIXTURE_ENTITIES.filter(e => e.metadata.name !== 'checkout'),
    );
    catalog.failPage(2);
    logs.lines.length = 0;
    const faulted = await scanNow(server);
    expect(catalog.failures).toEqual([2]);
    expect(faulted.scan).toMatchObject({
      status: 'failed',
      error: expect.stringContaining(
        'The catalog is unavailable (list entities): Request failed with 503',
      ),
    });
    const [failedRow] = await knex('scaling_scans').where({
      id: faulted.scan.scanId,
    });
    expect(failedRow).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^ServiceUnavailableError: /),
    });
    expect(failedRow.finished_at).not.toBeNull();

    // Nothing pruned: the same rows, with the same content, checkout included.
    const after = await overview(server);
    expect(after.totalCount).toBe(7);
    expect(after.items).toEqual(before.items);
    expect(after.totals).toEqual(before.totals);
    // Page 1 was committed before page 2 failed; pages 2 to 4 are the good scan's.
    const byScan: Array<{ scan_id: string; n: string | number }> = await knex(
      'scaling_latest',
    )
      .select('scan_id')
      .count({ n: '*' })
      .groupBy('scan_id');
    expect(
      Object.fromEntries(byScan.map(row => [row.scan_id, Number(row.n)])),
    ).toEqual({ [good.scan.scanId]: 5, [faulted.scan.scanId]: 2 });
    expect(
      await knex('scaling_latest').where({ entity_ref: CHECKOUT }).first(),
    ).toMatchObject({ scan_id: good.scan.scanId });
    // The overview answers from the last good scan and says it is stale.
    expect(after.lastScan).toEqual({ ...before.lastScan, stale: true });

    // One error line for the failed scan, one warning for the catalog request behind it.
    const scalingLines = logs.lines.filter(
      l =>
        l.meta.plugin === 'scaling' &&
        l.level !== 'info' &&
        l.level !== 'debug',
    );
    expect(scalingLines).toEqual([
      {
        level: 'warn',
        message: 'catalog request failed: list entities',
        meta: expect.objectContaining({
          cause: expect.stringContaining('503'),
        }),
      },
      {
        level: 'error',
        message:
          'scan failed; earlier assessments are kept and the next run retries',
        meta: expect.objectContaining({
          scanId: faulted.scan.scanId,
          entities: 2,
          cause: expect.stringContaining('The catalog is unavailable'),
        }),
      },
    ]);

    // The catalog recovers: the next scan completes, and only now checkout is pruned.
    catalog.heal();
    const recovered = await scanNow(server);
    expect(recovered.scan).toMatchObject({ status: 'completed', entities: 6 });
    expect(catalog.failures).toEqual([2]);
    const healed = await overview(server);
    expect(healed.totalCount).toBe(6);
    expect(healed.items.map(i => i.entityRef)).not.toContain(CHECKOUT);
    expect(healed.items).toEqual(
      before.items.filter(i => i.entityRef !== CHECKOUT),
    );
    expect(healed.lastScan).toMatchObject({ entities: 6, stale: false });
    expect(Date.parse(healed.lastScan!.startedAt)).toBeGreaterThan(
      Date.parse(before.lastScan!.startedAt),
    );
    expect(await knex('scaling_latest').distinct('scan_id')).toEqual([
      { scan_id: recovered.scan.scanId },
    ]);
    expect(
      await knex('scaling_scans').orderBy('started_at').select('id', 'status'),
    ).toEqual([
      { id: good.scan.scanId, status: 'completed' },
      { id: faulted.scan.scanId, status: 'failed' },
      { id: recovered.scan.scanId, status: 'completed' },
    ]);
  });
});
