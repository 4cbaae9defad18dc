import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { assess } from '@scaling-advisor/backstage-plugin-scaling-common';
import { latestItems } from '../__testUtils__/latestItems';
import { DatabaseScalingStore } from './DatabaseScalingStore';
import { INTERRUPTED, StoredAssessment } from './ScalingStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function row(
  name: string,
  annotations: Record<string, string>,
  extra: Partial<StoredAssessment> = {},
): StoredAssessment {
  const entityRef = `component:default/${name}`;
  return {
    entityRef,
    kind: 'Component',
    name,
    owner: 'group:default/team-a',
    system: null,
    assessment: assess({ annotations, entity: { entityRef, name } }),
    ...extra,
  };
}

async function createStore(id: TestDatabaseId, snapshotIntervalMs = 0) {
  const knex = await databases.init(id);
  const store = await DatabaseScalingStore.create({
    database: { getClient: async () => knex },
    snapshotIntervalMs,
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('DatabaseScalingStore on %s', id => {
  it('stores pages, lists the latest with filters and sorting, and keeps history', async () => {
    const { store } = await createStore(id);
    await store.startScan('scan-1', new Date('2026-11-01T00:00:00Z'));
    await store.writePage('scan-1', new Date('2026-11-01T00:01:00Z'), [
      row('alpha', {
        'scaling.io/platform': 'vps',
        'scaling.io/active-users': '5000',
      }),
      row(
        'beta',
        { 'scaling.io/platform': 'eks', 'scaling.io/active-users': '300' },
        { owner: 'group:default/team-b' },
      ),
      row('gamma_%', {
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/active-users': '3000',
      }),
      row('delta', {}),
    ]);
    await store.completeScan('scan-1', new Date('2026-11-01T00:02:00Z'), 4);

    const all = await latestItems(store);
    expect(all.map(i => i.name)).toEqual(['alpha', 'beta', 'delta', 'gamma_%']);
    expect(all[0]).toMatchObject({
      entityRef: 'component:default/alpha',
      currentTier: 'single-vps',
      recommendedTier: 'managed-cloud',
      status: 'under-provisioned',
      activeUsers: 5000,
      owner: 'group:default/team-a',
    });
    expect(
      (await latestItems(store, { status: 'over-provisioned' })).map(
        i => i.name,
      ),
    ).toEqual(['beta']);
    expect(
      (await latestItems(store, { owner: 'group:default/team-b' })).map(
        i => i.name,
      ),
    ).toEqual(['beta']);
    expect(
      (await latestItems(store, { currentTier: 'unknown' })).map(i => i.name),
    ).toEqual(['delta']);
    expect(
      (await latestItems(store, { recommendedTier: 'managed-cloud' })).map(
        i => i.name,
      ),
    ).toEqual(['alpha', 'gamma_%']);
    // LIKE wildcards in the search are literal.
    expect((await latestItems(store, { q: '_%' })).map(i => i.name)).toEqual([
      'gamma_%',
    ]);
    expect((await latestItems(store, { q: 'ALP' })).map(i => i.name)).toEqual([
      'alpha',
    ]);
    // Unknown values sort last in both directions.
    expect(
      (await latestItems(store, { sort: '-activeUsers' })).map(i => i.name),
    ).toEqual(['alpha', 'gamma_%', 'beta', 'delta']);
    expect(
      (await latestItems(store, { sort: 'activeUsers' })).map(i => i.name),
    ).toEqual(['beta', 'gamma_%', 'alpha', 'delta']);
    expect(
      (await latestItems(store, { sort: 'currentTier' })).map(i => i.name),
    ).toEqual(['alpha', 'gamma_%', 'beta', 'delta']);
    expect(
      (await latestItems(store, { sort: 'status' })).map(i => i.name),
    ).toEqual(['alpha', 'beta', 'gamma_%', 'delta']);
    expect(
      (await latestItems(store, { sort: '-currentTier' })).map(i => i.name),
    ).toEqual(['beta', 'gamma_%', 'alpha', 'delta']);
    expect(
      (await latestItems(store, { sort: '-status' })).map(i => i.name),
    ).toEqual(['delta', 'gamma_%', 'beta', 'alpha']);

    const { completed, failedSince } = await store.lastScan();
    expect(completed).toEqual({
      id: 'scan-1',
      startedAt: '2026-11-01T00:00:00.000Z',
      finishedAt: '2026-11-01T00:02:00.000Z',
      status: 'completed',
      entities: 4,
      durationMs: 120000,
      error: null,
    });
    expect(failedSince).toBe(false);

    expect(
      await store.history(
        'component:default/alpha',
        new Date('2026-10-01T00:00:00Z'),
      ),
    ).toEqual([
      {
        time: '2026-11-01T00:01:00.000Z',
        currentTier: 'single-vps',
        recommendedTier: 'managed-cloud',
        status: 'under-provisioned',
        readinessScore: expect.any(Number),
        activeUsers: 5000,
        measuredUptime: null,
      },
    ]);
  });

  it('keeps the pages of a scan whose process died, and records it as interrupted at the next start', async () => {
    const { store, knex } = await createStore(id);
    await store.startScan('s1', new Date('2026-11-01T00:00:00Z'));
    await store.writePage('s1', new Date('2026-11-01T00:00:01Z'), [
      row('a', {}),
      row('b', {}),
    ]);
    await store.completeScan('s1', new Date('2026-11-01T00:00:02Z'), 2);
    // s2 commits a page, then its process is killed: no completeScan, no failScan.
    await store.startScan('s2', new Date('2026-11-02T00:00:00Z'));
    await store.writePage('s2', new Date('2026-11-02T00:00:01Z'), [
      row('a', { 'scaling.io/active-users': '10' }),
    ]);

    await store.startScan('s3', new Date('2026-11-02T00:30:00Z'));
    expect(
      await knex('scaling_scans').where({ id: 's2' }).select('status', 'error'),
    ).toEqual([{ status: 'failed', error: INTERRUPTED }]);
    expect(await store.lastScan()).toMatchObject({
      completed: { id: 's1' },
      failedSince: true,
    });
    expect(
      (await latestItems(store)).map(i => [i.name, i.activeUsers]),
    ).toEqual([
      ['a', 10],
      ['b', null],
    ]);
  });

  it('removes entities that left the catalog only after a complete scan', async () => {
    const { store } = await createStore(id);
    await store.startScan('s1', new Date('2026-11-01T00:00:00Z'));
    await store.writePage('s1', new Date('2026-11-01T00:00:01Z'), [
      row('a', {}),
      row('b', {}),
    ]);
    await store.completeScan('s1', new Date('2026-11-01T00:00:02Z'), 2);

    // A scan that sees only `a` and then fails keeps `b`, and the overview's scan is s1.
    await store.startScan('s2', new Date('2026-11-02T00:00:00Z'));
    await store.writePage('s2', new Date('2026-11-02T00:00:01Z'), [
      row('a', { 'scaling.io/active-users': '10' }),
    ]);
    await store.failScan(
      's2',
      new Date('2026-11-02T00:00:02Z'),
      'catalog down',
    );
    expect((await latestItems(store)).map(i => i.name)).toEqual(['a', 'b']);
    const afterFailure = await store.lastScan();
    expect(afterFailure.completed?.id).toBe('s1');
    expect(afterFailure.failedSince).toBe(true);

    // A complete scan that sees only `a` removes `b`.
    await store.startScan('s3', new Date('2026-11-03T00:00:00Z'));
    await store.writePage('s3', new Date('2026-11-03T00:00:01Z'), [
      row('a', {}),
    ]);
    await store.completeScan('s3', new Date('2026-11-03T00:00:02Z'), 1);
    expect((await latestItems(store)).map(i => i.name)).toEqual(['a']);
    expect((await store.lastScan()).failedSince).toBe(false);
    // History of `a` across all three scans, oldest first.
    expect(
      (await store.history('component:default/a', new Date(0))).map(
        s => s.activeUsers,
      ),
    ).toEqual([null, 10, null]);
  });

  it("counts each owner's services on Kubernetes, for team expertise", async () => {
    const { store } = await createStore(id);
    expect(await store.kubernetesServicesByOwner()).toEqual(new Map());
    await store.startScan('k1', new Date('2026-11-01T00:00:00Z'));
    await store.writePage('k1', new Date('2026-11-01T00:00:01Z'), [
      row('a', { 'scaling.io/platform': 'eks' }),
      row('b', {
        'scaling.io/platform': 'kubernetes',
        'scaling.io/regions': '2',
      }),
      row('c', { 'scaling.io/platform': 'ecs-fargate' }),
      row(
        'd',
        { 'scaling.io/platform': 'gke' },
        { owner: 'group:default/Team-B' },
      ),
      row('e', { 'scaling.io/platform': 'aks' }, { owner: null }),
    ]);
    await store.completeScan('k1', new Date('2026-11-01T00:00:02Z'), 5);
    // b is on the enterprise tier (Kubernetes in two regions); c is not on Kubernetes; e has
    // no owner.
    expect(await store.kubernetesServicesByOwner()).toEqual(
      new Map([
        ['group:default/team-a', 2],
        ['group:default/team-b', 1],
      ]),
    );
  });

  it('keeps what right-sizing frees, fractions of a core and bytes past 2^31 exactly', async () => {
    const { store } = await createStore(id);
    await store.startScan('r1', new Date('2026-11-01T00:00:00Z'));
    const entityRef = 'component:default/ledger';
    const assessment = assess({
      entity: { entityRef, name: 'ledger' },
      evidence: [
        {
          measured: true,
          values: {},
          workloads: [
            {
              cluster: 'production',
              kind: 'Deployment',
              namespace: 'finance',
              name: 'ledger',
              replicas: { desired: 4, ready: 4 },
              autoscaler: null,
              containers: [
                {
                  name: 'ledger',
                  cpuRequestCores: 1,
                  memoryRequestBytes: 2 * 1024 ** 3,
                  cpuUsageCores: 0.05,
                  memoryUsageBytes: 200 * 1024 ** 2,
                  restarts: 0,
                },
              ],
            },
          ],
        },
      ],
    });
    await store.writePage('r1', new Date('2026-11-01T00:00:01Z'), [
      { ...row('plain', {}), owner: null },
      {
        entityRef,
        kind: 'Component',
        name: 'ledger',
        owner: 'group:default/team-a',
        system: null,
        assessment,
      },
    ]);
    await store.completeScan('r1', new Date('2026-11-01T00:00:02Z'), 2);
    const items = await store.getLatestItems([
      'component:default/plain',
      entityRef,
    ]);
    // 3.72 cores and (2048 − 260) MiB × 4 = 7,499,415,552 bytes.
    expect(items.map(i => i.rightSizingSaving)).toEqual([
      null,
      { cpuCores: 3.72, memoryBytes: 1788 * 1024 ** 2 * 4 },
    ]);
    const keys = await store.listLatestKeys();
    expect(
      keys.find(k => k.entityRef === entityRef)?.rightSizingSaving,
    ).toEqual({ cpuCores: 3.72, memoryBytes: 1788 * 1024 ** 2 * 4 });
  });

  it('writes a snapshot once per scan and entity, and prunes old history', async () => {
    const { store, knex } = await createStore(id);
    await store.startScan('s1', new Date('2026-01-01T00:00:00Z'));
    const page = [row('a', { 'scaling.io/active-users': '1' })];
    await store.writePage('s1', new Date('2026-01-01T00:00:01Z'), page);
    await store.writePage('s1', new Date('2026-01-01T00:00:01Z'), page);
    await store.completeScan('s1', new Date('2026-01-01T00:00:02Z'), 1);
    await store.startScan('s2', new Date('2026-06-01T00:00:00Z'));
    await store.writePage('s2', new Date('2026-06-01T00:00:01Z'), page);
    await store.completeScan('s2', new Date('2026-06-01T00:00:02Z'), 1);
    expect(await knex('scaling_snapshots').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    expect(
      Number((await knex('scaling_snapshots').count({ n: '*' }))[0].n),
    ).toBe(2);

    expect(await store.prune(new Date('2026-03-01T00:00:00Z'))).toBe(1);
    expect(
      (await store.history('component:default/a', new Date(0))).map(
        s => s.time,
      ),
    ).toEqual(['2026-06-01T00:00:01.000Z']);
    expect((await store.lastScan()).completed?.id).toBe('s2');
  });

  it('keeps no assessment JSON, the latest row pointing to its newest snapshot', async () => {
    const { store, knex } = await createStore(id);
    const page = [
      row('a', {
        'scaling.io/platform': 'vps',
        'scaling.io/active-users': '5000',
      }),
    ];
    await store.startScan('s1', new Date('2026-01-01T00:00:00Z'));
    await store.writePage('s1', new Date('2026-01-01T00:00:01Z'), page);
    await store.completeScan('s1', new Date('2026-01-01T00:00:02Z'), 1);

    for (const table of ['scaling_latest', 'scaling_snapshots']) {
      expect(await knex.schema.hasColumn(table, 'assessment')).toBe(false);
    }
    const [stored] = await knex('scaling_latest as l')
      .join('scaling_snapshots as s', function on() {
        this.on('s.taken_at', 'l.snapshot_at').andOn(
          's.entity_ref',
          'l.entity_ref',
        );
      })
      .where('l.entity_ref', 'component:default/a')
      .select(
        's.current_tier',
        's.recommended_tier',
        's.status',
        's.readiness_score',
        's.active_users',
      );
    const { assessment } = page[0];
    expect({
      ...stored,
      readiness_score: Number(stored.readiness_score),
      active_users: Number(stored.active_users),
    }).toEqual({
      current_tier: assessment.currentTier,
      recommended_tier: assessment.recommendedTier,
      status: assessment.status,
      readiness_score: assessment.readiness.score,
      active_users: assessment.signals.activeUsers.value,
    });
  });

  it('takes a snapshot at once when tiers, status or score change', async () => {
    // An interval of 30 days: no unchanged entity is due within the test's two hours.
    const { store, knex } = await createStore(id, 30 * 86_400_000);
    const at = (time: string) => new Date(`2026-01-01T${time}Z`);
    const scanAt = async (scanId: string, time: string, users: string) => {
      await store.startScan(scanId, at(time));
      await store.writePage(scanId, at(time), [
        row('a', {
          'scaling.io/platform': 'vps',
          'scaling.io/active-users': users,
        }),
        row('b', {
          'scaling.io/platform': 'eks',
          'scaling.io/active-users': '50000',
        }),
      ]);
      await store.completeScan(scanId, at(time), 2);
    };
    await scanAt('s1', '00:00:00', '100');
    // More users, same tiers, status and score: no snapshot.
    await scanAt('s2', '00:30:00', '200');
    // Past the single-VPS limit: a to-be-moved service gets a snapshot at once.
    await scanAt('s3', '01:00:00', '5000');
    await scanAt('s4', '01:30:00', '5000');

    const history = async (name: string) =>
      (await store.history(`component:default/${name}`, new Date(0))).map(s => [
        s.time,
        s.activeUsers,
        s.status,
      ]);
    expect(await history('a')).toEqual([
      ['2026-01-01T00:00:00.000Z', 100, 'aligned'],
      ['2026-01-01T01:00:00.000Z', 5000, 'under-provisioned'],
    ]);
    expect(await history('b')).toEqual([
      ['2026-01-01T00:00:00.000Z', 50000, 'over-provisioned'],
    ]);
    // The latest rows have every scan's values.
    expect(
      (await latestItems(store)).map(i => [i.name, i.activeUsers]),
    ).toEqual([
      ['a', 5000],
      ['b', 50000],
    ]);
    expect(
      Number((await knex('scaling_snapshots').count({ n: '*' }))[0].n),
    ).toBe(3);
  });

  it("snapshots an unchanged entity once per interval, spread over the interval's scans", async () => {
    const day = 86_400_000;
    const { store, knex } = await createStore(id, day);
    const page = Array.from({ length: 40 }, (_, i) =>
      row(`svc-${i}`, { 'scaling.io/active-users': '100' }),
    );
    const start = Date.parse('2026-01-01T00:00:00Z');
    // A scan every 30 minutes for three days.
    for (let k = 0; k < 144; k++) {
      const time = new Date(start + k * 30 * 60_000);
      await store.startScan(`s${k}`, time);
      await store.writePage(`s${k}`, time, page);
      await store.completeScan(`s${k}`, time, page.length);
    }
    const rows: Array<{ entity_ref: string; taken_at: unknown }> = await knex(
      'scaling_snapshots',
    )
      .select('entity_ref', 'taken_at')
      .orderBy('taken_at');
    const times = new Map<string, number[]>();
    for (const { entity_ref, taken_at } of rows) {
      // PostgreSQL gives Dates, SQLite the epoch milliseconds.
      const t =
        taken_at instanceof Date ? taken_at.getTime() : Number(taken_at);
      times.set(entity_ref, [...(times.get(entity_ref) ?? []), t]);
    }
    expect(times.size).toBe(40);
    for (const [, taken] of times) {
      // The first scan, then one a day, whatever the entity's offset.
      expect(taken[0]).toBe(start);
      expect([3, 4]).toContain(taken.length);
      for (let i = 2; i < taken.length; i++)
        expect(taken[i] - taken[i - 1]).toBe(day);
      expect(taken[1] - taken[0]).toBeLessThanOrEqual(day);
    }
    // Not all due in the same scan: the daily snapshots fall in many of the day's 48 scans.
    const perScan = new Map<number, number>();
    for (const taken of times.values()) {
      for (const t of taken.slice(1)) perScan.set(t, (perScan.get(t) ?? 0) + 1);
    }
    expect(perScan.size).toBeGreaterThanOrEqual(15);
    expect(Math.max(...perScan.values())).toBeLessThanOrEqual(10);
  });

  it('stores 1,000 rows in one page', async () => {
    const { store } = await createStore(id);
    await store.startScan('big', new Date());
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row(`svc-${String(i).padStart(4, '0')}`, {
        'scaling.io/active-users': String(i),
      }),
    );
    await store.writePage('big', new Date(), rows);
    await store.completeScan('big', new Date(), 1000);
    const listed = await latestItems(store, { sort: '-activeUsers' });
    expect(listed).toHaveLength(1000);
    expect(listed[0].name).toBe('svc-0999');
  });

  it('stores text that needs escaping, nulls and times exactly as given', async () => {
    const { store } = await createStore(id);
    const takenAt = new Date('2026-11-03T04:05:06.789Z');
    const name = `quote"back\\slash\nline'é—🚀`;
    await store.startScan('text', takenAt);
    await store.writePage('text', takenAt, [
      row(name, { 'scaling.io/active-users': '1234' }, { owner: null }),
    ]);
    await store.completeScan('text', takenAt, 1);
    const [item] = await latestItems(store);
    expect(item).toMatchObject({
      entityRef: `component:default/${name}`,
      name,
      owner: null,
      system: null,
      activeUsers: 1234,
    });
    const [snapshot] = await store.history(
      `component:default/${name}`,
      new Date(0),
    );
    expect(snapshot).toMatchObject({
      time: takenAt.toISOString(),
      activeUsers: 1234,
      measuredUptime: null,
    });
  });
});
