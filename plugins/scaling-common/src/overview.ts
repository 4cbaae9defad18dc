import {
  OVERVIEW_CSV_COLUMNS,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  OverviewSortField,
  OverviewTotals,
  PracticeOutcomes,
  PracticeOverview,
  RightSizingOverview,
  RightSizingTotal,
} from './api';
import { PRACTICES, PracticeId, Practices } from './practices';
import { TIERS, TIER_IDS, TierId } from './tiers';
import { ASSESSMENT_STATUSES, Assessment, ListedStatus } from './types';

/*
 * The overview's filters, sort order, totals and CSV: written once here, used by the backend
 * on live assessments and on the stored scan's rows alike, and by the frontend's dev API.
 */

/**
 * What the overview filters and sorts on: a row without its findings and blockers.
 *
 * @public
 */
export type OverviewRow = Omit<OverviewItem, 'findings' | 'blockers'>;

/**
 * The overview row of a listed assessment (any status but `not-applicable`), with the catalog
 * facts the assessment does not hold.
 *
 * @public
 */
export function overviewItemOf(
  assessment: Assessment,
  entity: Pick<
    OverviewItem,
    'entityRef' | 'name' | 'kind' | 'owner' | 'system'
  >,
): OverviewItem {
  return {
    ...entity,
    currentTier: assessment.currentTier,
    recommendedTier: assessment.recommendedTier,
    status: assessment.status as ListedStatus,
    readinessScore: assessment.readiness.score,
    activeUsers: assessment.signals.activeUsers.value,
    findings: assessment.findings,
    blockers: assessment.readiness.blockers,
    practicesScore: assessment.practices?.score ?? null,
    practices: practiceOutcomesOf(assessment.practices),
    rightSizingSaving: assessment.rightSizing?.saving ?? null,
  };
}

/** At most this many owners in the overview's right-sizing, most cores first. */
const RIGHT_SIZING_OWNERS = 20;

/**
 * What right-sizing would free across the rows with cluster data: the total, by current tier,
 * and by owner (most cores, then most bytes, first).
 *
 * @public
 */
export function rightSizingOverviewOf(
  rows: ReadonlyArray<
    Pick<OverviewRow, 'currentTier' | 'owner' | 'rightSizingSaving'>
  >,
): RightSizingOverview {
  const zero = (): RightSizingTotal => ({
    services: 0,
    cpuCores: 0,
    memoryBytes: 0,
  });
  const total = zero();
  const byTier: RightSizingOverview['byTier'] = {};
  const byOwner = new Map<string | null, RightSizingTotal>();
  const add = (to: RightSizingTotal, saving: RightSizingTotal) => {
    to.services += 1;
    to.cpuCores += saving.cpuCores;
    to.memoryBytes += saving.memoryBytes;
  };
  for (const row of rows) {
    const saving = row.rightSizingSaving;
    if (!saving) continue;
    const s = { services: 1, ...saving };
    add(total, s);
    add((byTier[row.currentTier ?? 'unknown'] ??= zero()), s);
    if (!byOwner.has(row.owner)) byOwner.set(row.owner, zero());
    add(byOwner.get(row.owner)!, s);
  }
  const round = <T extends RightSizingTotal>(t: T): T => ({
    ...t,
    cpuCores: Number(t.cpuCores.toFixed(2)),
    memoryBytes: Math.round(t.memoryBytes),
  });
  return {
    total: round(total),
    byTier: Object.fromEntries(
      Object.entries(byTier).map(([tier, t]) => [tier, round(t!)]),
    ),
    byOwner: [...byOwner.entries()]
      .map(([owner, t]) => round({ owner, ...t }))
      .sort(
        (a, b) =>
          b.cpuCores - a.cpuCores ||
          b.memoryBytes - a.memoryBytes ||
          String(a.owner).localeCompare(String(b.owner)),
      )
      .slice(0, RIGHT_SIZING_OWNERS),
  };
}

/** A service's practices by outcome, for the overview's rows. @public */
export function practiceOutcomesOf(
  practices: Practices | null,
): PracticeOutcomes | null {
  if (!practices) return null;
  const ids = (passed: boolean | null) =>
    practices.items.filter(i => i.passed === passed).map(i => i.id);
  return { passed: ids(true), failed: ids(false), unknown: ids(null) };
}

/**
 * For each practice, how many of the rows on each tier follow it, do not, or are unknown:
 * most failed first, then most unknown, then in the practices' order.
 *
 * @public
 */
export function practicesOverviewOf(
  rows: ReadonlyArray<Pick<OverviewRow, 'currentTier' | 'practices'>>,
): PracticeOverview[] {
  const found = new Map<PracticeId, PracticeOverview>();
  const order = Object.keys(PRACTICES) as PracticeId[];
  for (const row of rows) {
    if (!row.practices || !row.currentTier) continue;
    const tier = row.currentTier;
    for (const outcome of ['passed', 'failed', 'unknown'] as const) {
      for (const id of row.practices[outcome]) {
        const definition = PRACTICES[id];
        if (!definition) continue;
        let entry = found.get(id);
        if (!entry) {
          entry = {
            id,
            label: definition.label,
            group: definition.group,
            severity: definition.severity,
            passed: 0,
            failed: 0,
            unknown: 0,
            byTier: {},
          };
          found.set(id, entry);
        }
        entry[outcome] += 1;
        const byTier = (entry.byTier[tier] ??= {
          passed: 0,
          failed: 0,
          unknown: 0,
        });
        byTier[outcome] += 1;
      }
    }
  }
  return [...found.values()].sort(
    (a, b) =>
      b.failed - a.failed ||
      b.unknown - a.unknown ||
      order.indexOf(a.id) - order.indexOf(b.id),
  );
}

const tierOrder = (tier: TierId | null) => (tier ? TIERS[tier].order : null);
const statusOrder = (status: OverviewItem['status']) =>
  ASSESSMENT_STATUSES.indexOf(status);

type Comparable = string | number | null;

const SORT_KEYS: Record<OverviewSortField, (item: OverviewRow) => Comparable> =
  {
    name: i => i.name,
    owner: i => i.owner,
    system: i => i.system,
    currentTier: i => tierOrder(i.currentTier),
    recommendedTier: i => tierOrder(i.recommendedTier),
    status: i => statusOrder(i.status),
    readinessScore: i => i.readinessScore,
    activeUsers: i => i.activeUsers,
    practicesScore: i => i.practicesScore,
  };

function compare(a: Comparable, b: Comparable): number {
  // Unknown values sort last in either direction.
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map(k => [k, 0])) as Record<K, number>;
}

/** Counts by current tier, recommended tier and status. @public */
export function totalsOf(
  items: ReadonlyArray<
    Pick<OverviewItem, 'currentTier' | 'recommendedTier' | 'status'>
  >,
): OverviewTotals {
  const tiers = [...TIER_IDS, 'unknown' as const];
  const totals: OverviewTotals = {
    byCurrentTier: emptyCounts(tiers),
    byRecommendedTier: emptyCounts(tiers),
    byStatus: emptyCounts(ASSESSMENT_STATUSES),
  };
  for (const item of items) {
    totals.byCurrentTier[item.currentTier ?? 'unknown'] += 1;
    totals.byRecommendedTier[item.recommendedTier ?? 'unknown'] += 1;
    totals.byStatus[item.status] += 1;
  }
  return totals;
}

/**
 * Whether a row passes the overview's filters: `matchesQuery(query)` once, then the test for
 * each row.
 *
 * @public
 */
export function matchesQuery(
  query: OverviewQuery,
): (row: OverviewRow) => boolean {
  const q = query.q?.toLowerCase();
  const kind = query.kind?.toLowerCase();
  return i =>
    (!query.owner || i.owner === query.owner) &&
    (!query.system || i.system === query.system) &&
    (!kind || i.kind.toLowerCase() === kind) &&
    (!query.currentTier ||
      (i.currentTier ?? 'unknown') === query.currentTier) &&
    (!query.recommendedTier ||
      (i.recommendedTier ?? 'unknown') === query.recommendedTier) &&
    (!query.status || i.status === query.status) &&
    (!query.failingPractice ||
      (i.practices?.failed.includes(query.failingPractice) ?? false)) &&
    (!q || i.name.toLowerCase().includes(q));
}

/** Applies the overview's filters (not paging). @public */
export function filterItems<T extends OverviewRow>(
  items: readonly T[],
  query: OverviewQuery,
): T[] {
  return items.filter(matchesQuery(query));
}

/**
 * Sorts in place by `field` or `-field`; unknown values last either way, ties broken on the
 * entity ref so that pages are stable.
 *
 * @public
 */
export function sortItems<T extends OverviewRow>(
  items: T[],
  sort = 'name',
): T[] {
  const descending = sort.startsWith('-');
  const key =
    SORT_KEYS[(descending ? sort.slice(1) : sort) as OverviewSortField] ??
    SORT_KEYS.name;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const order =
      ka === null || kb === null
        ? compare(ka, kb)
        : compare(ka, kb) * (descending ? -1 : 1);
    return order || a.entityRef.localeCompare(b.entityRef);
  });
}

/** Totals and one page of items already filtered and sorted. @public */
export function pageOverview(
  sorted: readonly OverviewItem[],
  query: OverviewQuery,
): Omit<OverviewResponse, 'lastScan' | 'coverage'> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  return {
    items: sorted.slice(offset, offset + limit),
    totalCount: sorted.length,
    totals: totalsOf(sorted),
    practices: practicesOverviewOf(sorted),
    rightSizing: rightSizingOverviewOf(sorted),
  };
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvValue(
  item: OverviewItem,
  column: (typeof OVERVIEW_CSV_COLUMNS)[number],
): unknown {
  if (column === 'findings') return item.findings.map(f => f.id).join(';');
  if (column === 'failingPractices') {
    return (item.practices?.failed ?? []).join(';');
  }
  return item[column];
}

/**
 * RFC 4180 CSV: a header row, then one row per item; findings and failing practices as
 * `;`-separated ids.
 *
 * @public
 */
export function toCsv(items: readonly OverviewItem[]): string {
  const rows = [OVERVIEW_CSV_COLUMNS.join(',')];
  for (const item of items) {
    rows.push(
      OVERVIEW_CSV_COLUMNS.map(column => csvField(csvValue(item, column))).join(
        ',',
      ),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
