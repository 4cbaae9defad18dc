import { SourceTree } from '../reading/sourceLocation';
import { DuePolicy, ReadRecord, dueTrees } from './due';

const NOW = new Date('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;
const POLICY: DuePolicy = {
  refreshEveryMs: 6 * HOUR,
  retryFailedMs: HOUR / 2,
  readerVersion: 2,
};

function tree(name: string): SourceTree {
  return {
    repoKey: `github.com/acme/${name}@main`,
    rootUrl: `https://github.com/acme/${name}/tree/main/`,
    subpath: '',
  };
}

function record(
  name: string,
  fields: Partial<ReadRecord> & { hoursAgo?: number },
): ReadRecord {
  const at = new Date(NOW.getTime() - (fields.hoursAgo ?? 1) * HOUR);
  return {
    repoKey: tree(name).repoKey,
    rootUrl: tree(name).rootUrl,
    etag: `sha-${name}`,
    readerVersion: 2,
    readAt: at,
    attemptedAt: at,
    ...fields,
  };
}

describe('dueTrees', () => {
  const trees = [
    'fresh',
    'stale-a',
    'stale-b',
    'brand-new',
    'failed-recently',
    'failed-long-ago',
    'old-reader',
  ].map(tree);
  const records = new Map(
    [
      record('fresh', { hoursAgo: 1 }),
      record('stale-a', { hoursAgo: 7 }),
      record('stale-b', { hoursAgo: 9 }),
      record('failed-recently', {
        readAt: undefined,
        etag: undefined,
        error: '500',
        attemptedAt: new Date(NOW.getTime() - 10 * 60_000),
      }),
      record('failed-long-ago', {
        hoursAgo: 8,
        error: '500',
        attemptedAt: new Date(NOW.getTime() - HOUR),
      }),
      record('old-reader', { hoursAgo: 1, readerVersion: 1 }),
    ].map(r => [r.repoKey, r]),
  );

  it('reads the new first, then the old reader, the failed due for a retry, then the stale, longest ago first', () => {
    const due = dueTrees(trees, records, NOW, POLICY);
    expect(
      due.map(d => [d.tree.repoKey.split('/')[2], d.reason, d.etag]),
    ).toEqual([
      ['brand-new@main', 'new', undefined],
      ['old-reader@main', 'reader', undefined],
      ['failed-long-ago@main', 'retry', 'sha-failed-long-ago'],
      ['stale-b@main', 'stale', 'sha-stale-b'],
      ['stale-a@main', 'stale', 'sha-stale-a'],
    ]);
  });

  it('reads nothing read within the period, however often it runs', () => {
    const names = ['a', 'b', 'c'];
    const read = new Map(
      names.map(n => [tree(n).repoKey, record(n, { hoursAgo: 5.9 })]),
    );
    expect(dueTrees(names.map(tree), read, NOW, POLICY)).toEqual([]);
    const sixHoursOn = new Date(NOW.getTime() + 0.1 * HOUR);
    expect(dueTrees(names.map(tree), read, sixHoursOn, POLICY)).toHaveLength(3);
  });
});
