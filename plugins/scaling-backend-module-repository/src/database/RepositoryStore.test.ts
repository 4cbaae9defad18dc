import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { READER_VERSION, RepositoryStore } from './RepositoryStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const DAY = 24 * 3_600_000;

async function createStore(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await RepositoryStore.create({
    getClient: async () => knex,
  });
  return { knex, store };
}

function read(name: string) {
  return {
    repoKey: `github.com/acme/${name}@main`,
    rootUrl: `https://github.com/acme/${name}/tree/main/`,
    etag: `sha-${name}`,
    observations: [],
    units: [],
    links: [],
    skipped: [],
  };
}

describe.each(databases.eachSupportedId())('RepositoryStore on %s', id => {
  it('lists what is known of the reads, without the facts', async () => {
    const { store } = await createStore(id);
    const at = new Date('2026-12-07T10:00:00Z');
    await store.putRead(read('a'), at);
    await store.putFailure(
      'github.com/acme/b@main',
      'https://github.com/acme/b/tree/main/',
      '500 Internal Server Error',
      at,
    );
    const records = await store.records([
      'github.com/acme/a@main',
      'github.com/acme/b@main',
      'github.com/acme/c@main',
    ]);
    expect([...records.keys()].sort()).toEqual([
      'github.com/acme/a@main',
      'github.com/acme/b@main',
    ]);
    expect(records.get('github.com/acme/a@main')).toEqual({
      repoKey: 'github.com/acme/a@main',
      rootUrl: 'https://github.com/acme/a/tree/main/',
      etag: 'sha-a',
      readerVersion: READER_VERSION,
      readAt: at,
      attemptedAt: at,
      error: undefined,
    });
    expect(records.get('github.com/acme/b@main')).toMatchObject({
      readAt: undefined,
      error: '500 Internal Server Error',
    });
  });

  it('deletes a repository no entity has named for the grace period, and keeps one named again', async () => {
    const { store } = await createStore(id);
    const t0 = new Date('2026-12-01T00:00:00Z');
    for (const name of ['kept', 'dropped', 'back'])
      await store.putRead(read(name), t0);
    const key = (n: string) => `github.com/acme/${n}@main`;

    // Day 0: only `kept` is named; the others start their grace period.
    expect(
      await store.pruneUnreferenced(new Set([key('kept')]), t0, 7 * DAY),
    ).toBe(0);
    // Day 3: `back` is named again.
    const t3 = new Date(t0.getTime() + 3 * DAY);
    expect(
      await store.pruneUnreferenced(
        new Set([key('kept'), key('back')]),
        t3,
        7 * DAY,
      ),
    ).toBe(0);
    // Day 8: `dropped` has been unnamed for 8 days; `back` for none.
    const t8 = new Date(t0.getTime() + 8 * DAY);
    expect(
      await store.pruneUnreferenced(
        new Set([key('kept'), key('back')]),
        t8,
        7 * DAY,
      ),
    ).toBe(1);
    const left = await store.records([
      key('kept'),
      key('dropped'),
      key('back'),
    ]);
    expect([...left.keys()].sort()).toEqual([key('back'), key('kept')]);
    // Its facts are there until then.
    expect((await store.get([key('back')])).get(key('back'))?.etag).toBe(
      'sha-back',
    );
  });

  it('keeps the refresh progress', async () => {
    const { store } = await createStore(id);
    expect(await store.progress()).toBeUndefined();
    const progress = {
      done: 38,
      total: 60,
      unit: 'repositories',
      waitingFor: 'the rate limit of github.com',
      waitingUntil: '2026-12-07T14:05:00.000Z',
      updatedAt: '2026-12-07T13:20:00.000Z',
    };
    await store.putProgress(progress);
    await store.putProgress({ ...progress, done: 39 });
    expect(await store.progress()).toEqual({ ...progress, done: 39 });
  });
});
