import { LatestKey } from '../database/ScalingStore';
import { LatestIndex } from './LatestIndex';

function key(name: string, activeUsers: number | null): LatestKey {
  return {
    entityRef: `component:default/${name}`,
    name,
    kind: 'Component',
    owner: 'group:default/team',
    system: null,
    currentTier: 'single-vps',
    recommendedTier: activeUsers && activeUsers > 1000 ? 'managed-cloud' : null,
    status: activeUsers && activeUsers > 1000 ? 'under-provisioned' : 'aligned',
    readinessScore: null,
    activeUsers,
    practicesScore: null,
    practices: null,
    rightSizingSaving: null,
    sources: {} as LatestKey['sources'],
  };
}

const KEYS = [key('c', 5000), key('a', null), key('b', 200), key('d', 9000)];
const ALL = new Set(KEYS.map(k => k.entityRef));
const names = (rows: LatestKey[]) => rows.map(r => r.name);

describe('LatestIndex', () => {
  it('filters and sorts as the overview does, unknown values last', () => {
    const index = new LatestIndex(KEYS);
    expect(names(index.select({}, ALL).rows)).toEqual(['a', 'b', 'c', 'd']);
    expect(names(index.select({ sort: '-activeUsers' }, ALL).rows)).toEqual([
      'd',
      'c',
      'b',
      'a',
    ]);
    expect(names(index.select({ sort: 'activeUsers' }, ALL).rows)).toEqual([
      'b',
      'c',
      'd',
      'a',
    ]);
    expect(
      names(
        index.select({ status: 'under-provisioned', sort: '-activeUsers' }, ALL)
          .rows,
      ),
    ).toEqual(['d', 'c']);
    expect(
      names(index.select({ recommendedTier: 'unknown' }, ALL).rows),
    ).toEqual(['a', 'b']);
  });

  it('lists only what the caller may see, and counts it apart from the filters', () => {
    const index = new LatestIndex(KEYS);
    const visible = new Set(['component:default/c', 'component:default/a']);
    expect(index.select({ q: 'c' }, visible)).toEqual({
      rows: [KEYS[0]],
      visibleCount: 2,
    });
    expect(index.select({}, new Set())).toEqual({ rows: [], visibleCount: 0 });
  });

  it('does not change the order of the keys it was given', () => {
    const keys = [...KEYS];
    new LatestIndex(keys).select({ sort: '-name' }, ALL);
    expect(keys).toEqual(KEYS);
  });
});
