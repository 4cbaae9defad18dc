import { TestDatabases } from '@backstage/backend-test-utils';
import { bulkUpsert } from './bulkUpsert';
import { migrateStore } from './migrateStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const snapshot = (entityRef: string, status: string) => ({
  entity_ref: entityRef,
  scan_id: 'scan-1',
  taken_at: new Date('2026-11-01T00:00:00Z'),
  status,
  active_users: 10,
  measured_uptime: 99.95,
});

describe.each(databases.eachSupportedId())('bulkUpsert on %s', id => {
  it('merges or keeps the stored row on a conflict, and writes more rows than one chunk', async () => {
    const knex = await databases.init(id);
    await migrateStore(knex);
    const rows = Array.from({ length: 1200 }, (_, i) =>
      snapshot(`component:default/s-${i}`, 'first'),
    );
    await knex.transaction(tx =>
      bulkUpsert(
        tx,
        'scaling_snapshots',
        rows,
        ['scan_id', 'entity_ref'],
        'ignore',
      ),
    );
    await knex.transaction(tx =>
      bulkUpsert(
        tx,
        'scaling_snapshots',
        [snapshot('component:default/s-0', 'second')],
        ['scan_id', 'entity_ref'],
        'ignore',
      ),
    );
    const [{ count }] = await knex('scaling_snapshots').count({ count: '*' });
    expect(Number(count)).toBe(1200);
    const [kept] = await knex('scaling_snapshots').where({
      entity_ref: 'component:default/s-0',
    });
    expect(kept.status).toBe('first');
    expect(kept.measured_uptime).toBeCloseTo(99.95, 2);

    const latest = (status: string) => ({
      entity_ref: 'component:default/a',
      kind: 'Component',
      name: 'a',
      status,
      findings: '[]',
      scan_id: 'scan-1',
      assessed_at: new Date('2026-11-01T00:00:00Z'),
    });
    for (const status of ['first', 'second']) {
      await knex.transaction(tx =>
        bulkUpsert(
          tx,
          'scaling_latest',
          [latest(status)],
          ['entity_ref'],
          'merge',
        ),
      );
    }
    expect(
      (await knex('scaling_latest').select('status')).map(r => r.status),
    ).toEqual(['second']);
  });

  it('names a column the table does not have', async () => {
    const knex = await databases.init(id);
    await migrateStore(knex);
    const write = knex.transaction(tx =>
      bulkUpsert(
        tx,
        'scaling_snapshots',
        [{ ...snapshot('component:default/a', 'x'), colour: 'red' }],
        ['scan_id', 'entity_ref'],
        'ignore',
      ),
    );
    await expect(write).rejects.toThrow(
      'bulkUpsert: scaling_snapshots has no column colour',
    );
  });
});
