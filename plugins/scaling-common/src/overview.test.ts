import { OverviewItem } from './api';
import {
  filterItems,
  pageOverview,
  practicesOverviewOf,
  rightSizingOverviewOf,
  sortItems,
  toCsv,
  totalsOf,
} from './overview';

function item(name: string, extra: Partial<OverviewItem> = {}): OverviewItem {
  return {
    entityRef: `component:default/${name}`,
    name,
    kind: 'Component',
    owner: 'group:default/team-a',
    system: null,
    currentTier: 'single-vps',
    recommendedTier: 'managed-cloud',
    status: 'under-provisioned',
    readinessScore: 50,
    activeUsers: 1000,
    findings: [],
    blockers: [],
    practicesScore: null,
    practices: null,
    rightSizingSaving: null,
    ...extra,
  };
}

const ITEMS = [
  item('beta', {
    currentTier: 'kubernetes',
    status: 'aligned',
    recommendedTier: 'kubernetes',
  }),
  item('alpha', {
    activeUsers: null,
    status: 'insufficient-data',
    recommendedTier: null,
  }),
  item('gamma', {
    currentTier: null,
    owner: 'group:default/team-b',
    activeUsers: 20000,
  }),
  item('delta', { currentTier: 'enterprise', status: 'over-provisioned' }),
];

describe('the overview rules (docs/rules.md #status)', () => {
  it('sorts tiers by tier order and statuses by urgency, unknown values last either way', () => {
    const names = (sort: string) =>
      sortItems([...ITEMS], sort).map(i => i.name);
    expect(names('currentTier')).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(names('-currentTier')).toEqual(['delta', 'beta', 'alpha', 'gamma']);
    expect(names('status')).toEqual(['gamma', 'delta', 'beta', 'alpha']);
    expect(names('-activeUsers')).toEqual(['gamma', 'beta', 'delta', 'alpha']);
    expect(names('activeUsers')).toEqual(['beta', 'delta', 'gamma', 'alpha']);
    // An unknown field sorts by name rather than throwing.
    expect(names('nope')).toEqual(['alpha', 'beta', 'delta', 'gamma']);
  });

  it('filters on every field, "unknown" matching a missing tier', () => {
    expect(
      filterItems(ITEMS, { currentTier: 'unknown' }).map(i => i.name),
    ).toEqual(['gamma']);
    expect(
      filterItems(ITEMS, { recommendedTier: 'unknown' }).map(i => i.name),
    ).toEqual(['alpha']);
    expect(
      filterItems(ITEMS, { owner: 'group:default/team-b' }).map(i => i.name),
    ).toEqual(['gamma']);
    expect(filterItems(ITEMS, { q: 'ELT' }).map(i => i.name)).toEqual([
      'delta',
    ]);
    expect(
      filterItems(ITEMS, { kind: 'component', status: 'aligned' }).map(
        i => i.name,
      ),
    ).toEqual(['beta']);
  });

  it('counts totals over every tier and status, and pages after counting', () => {
    const totals = totalsOf(ITEMS);
    expect(totals.byCurrentTier).toEqual({
      'single-vps': 1,
      'managed-cloud': 0,
      kubernetes: 1,
      enterprise: 1,
      unknown: 1,
    });
    expect(totals.byStatus).toEqual({
      'under-provisioned': 1,
      'over-provisioned': 1,
      aligned: 1,
      'insufficient-data': 1,
    });
    const page = pageOverview(sortItems([...ITEMS]), { limit: 1, offset: 1 });
    expect(page.items.map(i => i.name)).toEqual(['beta']);
    expect(page.totalCount).toBe(4);
    expect(page.totals).toEqual(totals);
  });

  it('writes RFC 4180 CSV, quoting what needs it', () => {
    const csv = toCsv([
      item('a,"b"', {
        findings: [{ id: 'sla-breach', severity: 'critical', message: 'x' }],
      }),
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header.split(',')[0]).toBe('entityRef');
    expect(row).toContain('"a,""b"""');
    expect(row).toContain('sla-breach');
    expect(end).toBe('');
  });

  it('counts each practice across the rows by tier, most failed first, and filters on a failing one', () => {
    const rows = [
      item('a', {
        currentTier: 'kubernetes',
        practicesScore: 50,
        practices: {
          passed: ['probes'],
          failed: ['network-policy'],
          unknown: [],
        },
      }),
      item('b', {
        currentTier: 'kubernetes',
        practicesScore: 0,
        practices: {
          passed: [],
          failed: ['network-policy', 'probes'],
          unknown: ['rbac'],
        },
      }),
      item('c', {
        currentTier: 'enterprise',
        practicesScore: 100,
        practices: { passed: ['network-policy'], failed: [], unknown: [] },
      }),
      item('d', { currentTier: null }),
    ];
    expect(practicesOverviewOf(rows)).toEqual([
      {
        id: 'network-policy',
        label: 'Network policy',
        group: 'security',
        severity: 'medium',
        passed: 1,
        failed: 2,
        unknown: 0,
        byTier: {
          kubernetes: { passed: 0, failed: 2, unknown: 0 },
          enterprise: { passed: 1, failed: 0, unknown: 0 },
        },
      },
      expect.objectContaining({ id: 'probes', passed: 1, failed: 1 }),
      expect.objectContaining({ id: 'rbac', unknown: 1, failed: 0 }),
    ]);
    expect(
      filterItems(rows, { failingPractice: 'probes' }).map(i => i.name),
    ).toEqual(['b']);
    expect(sortItems([...rows], '-practicesScore').map(i => i.name)).toEqual([
      'c',
      'a',
      'b',
      'd',
    ]);
    const [header, row] = toCsv([rows[1]]).split('\r\n');
    expect(header.split(',').slice(-2)).toEqual([
      'practicesScore',
      'failingPractices',
    ]);
    expect(row.split(',').slice(-2)).toEqual(['0', 'network-policy;probes']);
  });

  it('totals what right-sizing frees by tier and by owner, most cores first, rows without cluster data left out', () => {
    const GIB = 1024 ** 3;
    const rows = [
      item('a', {
        currentTier: 'kubernetes',
        owner: 'group:default/team-a',
        rightSizingSaving: { cpuCores: 3.72, memoryBytes: 7 * GIB },
      }),
      item('b', {
        currentTier: 'kubernetes',
        owner: 'group:default/team-b',
        rightSizingSaving: { cpuCores: 0, memoryBytes: 0 },
      }),
      item('c', {
        currentTier: 'enterprise',
        owner: 'group:default/team-b',
        rightSizingSaving: { cpuCores: 1.1, memoryBytes: GIB },
      }),
      item('d', { currentTier: 'kubernetes' }),
    ];
    // Written before running.
    expect(rightSizingOverviewOf(rows)).toEqual({
      total: { services: 3, cpuCores: 4.82, memoryBytes: 8 * GIB },
      byTier: {
        kubernetes: { services: 2, cpuCores: 3.72, memoryBytes: 7 * GIB },
        enterprise: { services: 1, cpuCores: 1.1, memoryBytes: GIB },
      },
      byOwner: [
        {
          owner: 'group:default/team-a',
          services: 1,
          cpuCores: 3.72,
          memoryBytes: 7 * GIB,
        },
        {
          owner: 'group:default/team-b',
          services: 2,
          cpuCores: 1.1,
          memoryBytes: GIB,
        },
      ],
    });
    expect(pageOverview(rows, {}).rightSizing.total.services).toBe(3);
  });
});
