import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateStore } from '../database/migrateStore';
import { INTERRUPTED } from '../database/ScalingStore';
import { NEVER_STARTED, ScanRuns } from './ScanRuns';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const MINUTE = 60_000;
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

describe.each(databases.eachSupportedId())('ScanRuns on %s', databaseId => {
  async function setup() {
    const knex: Knex = await databases.init(databaseId);
    await migrateStore(knex);
    const runs = new ScanRuns(knex, {
      runningWindowMs: 16 * MINUTE,
      pendingWindowMs: 2 * MINUTE,
    });
    return { knex, runs };
  }

  it('claims a pending row, refuses a second claim, and the next run adopts the first', async () => {
    const { runs } = await setup();
    const first = await runs.claim(at(0));
    expect(first).toEqual({ scanId: expect.any(String) });
    const { scanId } = first as { scanId: string };
    expect(await runs.claim(at(0.5))).toEqual({
      conflict: { scanId, status: 'pending', startedAt: at(0).toISOString() },
    });

    expect(await runs.begin(at(1))).toBe(scanId);
    expect(await runs.get(scanId)).toMatchObject({
      status: 'running',
      startedAt: at(1).toISOString(),
    });
    expect(await runs.claim(at(2))).toEqual({
      conflict: { scanId, status: 'running', startedAt: at(1).toISOString() },
    });
    // A run adopted the claim: it is not given back.
    expect(await runs.release(scanId)).toBe(false);
  });

  it('lets one of simultaneous claims through', async () => {
    const { runs } = await setup();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => runs.claim(at(0))),
    );
    expect(results.filter(r => 'scanId' in r)).toHaveLength(1);
    expect(results.filter(r => 'conflict' in r)).toHaveLength(4);
  });

  it('gives back a claim no run adopted', async () => {
    const { runs } = await setup();
    const { scanId } = (await runs.claim(at(0))) as { scanId: string };
    expect(await runs.release(scanId)).toBe(true);
    expect(await runs.get(scanId)).toBeUndefined();
    expect(await runs.claim(at(0))).toEqual({ scanId: expect.any(String) });
  });

  it('does not let an interrupted scan block for longer than its window', async () => {
    const { runs } = await setup();
    // A run nobody asked for, whose process then died.
    const dead = await runs.begin(at(0));
    expect(await runs.claim(at(10))).toMatchObject({
      conflict: { scanId: dead, status: 'running' },
    });
    const next = await runs.claim(at(17));
    expect(next).toEqual({ scanId: expect.any(String) });
    const { scanId } = next as { scanId: string };

    // A stale pending claim blocks no longer than its own window either.
    expect(await runs.claim(at(20))).toEqual({ scanId: expect.any(String) });

    // The next run marks the dead one interrupted, adopts the newest claim, fails the older.
    const adopted = await runs.begin(at(21));
    expect(adopted).not.toBe(scanId);
    expect(await runs.get(dead)).toMatchObject({
      status: 'failed',
      error: INTERRUPTED,
    });
    expect(await runs.get(scanId)).toMatchObject({
      status: 'failed',
      error: NEVER_STARTED,
    });
    expect(await runs.get(adopted)).toMatchObject({ status: 'running' });
  });

  it('creates its own row for a run nobody requested', async () => {
    const { knex, runs } = await setup();
    const id = await runs.begin(at(0));
    expect(await knex('scaling_scans').select('id', 'status')).toEqual([
      { id, status: 'running' },
    ]);
  });
});
