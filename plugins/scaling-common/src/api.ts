import { TierId } from './tiers';
import { TierNumbers } from './thresholds';
import { OverviewCoverage } from './coverage';
import { UsersForecast } from './forecast';
import type { PracticeGroup, PracticeId, PracticeSeverity } from './practices';
import {
  AssessmentStatus,
  Finding,
  ListedStatus,
  ReadinessBlocker,
} from './types';

/** One row of `GET /overview` (docs/rules.md #rest-api). @public */
export interface OverviewItem {
  entityRef: string;
  name: string;
  kind: string;
  /** Owner entity ref, e.g. `group:default/payments`. */
  owner: string | null;
  /** System entity ref, e.g. `system:default/shop`. */
  system: string | null;
  currentTier: TierId | null;
  recommendedTier: TierId | null;
  status: ListedStatus;
  readinessScore: number | null;
  activeUsers: number | null;
  findings: Finding[];
  /** What stands between the service and its recommended tier (the readiness blockers). */
  blockers: ReadinessBlocker[];
  /** The share of its current tier's practices it follows; null when the tier is unknown. */
  practicesScore: number | null;
  /** Its practices by outcome, by id; null when the tier is unknown. */
  practices: PracticeOutcomes | null;
  /**
   * What its recommended requests would free on the live cluster (docs/rules.md
   * #right-sizing); null without cluster data.
   */
  rightSizingSaving: { cpuCores: number; memoryBytes: number } | null;
}

/** Cores and bytes the recommended requests of some services free. @public */
export interface RightSizingTotal {
  /** Services with cluster data. */
  services: number;
  cpuCores: number;
  memoryBytes: number;
}

/**
 * Right-sizing across the listed services (docs/rules.md #right-sizing): the total, by current
 * tier, and by owner (most cores first).
 *
 * @public
 */
export interface RightSizingOverview {
  total: RightSizingTotal;
  byTier: Partial<Record<TierId | 'unknown', RightSizingTotal>>;
  byOwner: Array<RightSizingTotal & { owner: string | null }>;
}

/** A service's practices by outcome (docs/rules.md #practices). @public */
export interface PracticeOutcomes {
  passed: PracticeId[];
  failed: PracticeId[];
  unknown: PracticeId[];
}

/**
 * One practice across the listed services: how many on each tier follow it, do not, or are
 * unknown. The overview lists them most failed first.
 *
 * @public
 */
export interface PracticeOverview {
  id: PracticeId;
  label: string;
  group: PracticeGroup;
  severity: PracticeSeverity;
  passed: number;
  failed: number;
  unknown: number;
  byTier: Partial<
    Record<TierId, { passed: number; failed: number; unknown: number }>
  >;
}

/** Counts keyed by tier id (or `unknown`) and by status. @public */
export interface OverviewTotals {
  byCurrentTier: Record<TierId | 'unknown', number>;
  byRecommendedTier: Record<TierId | 'unknown', number>;
  byStatus: Record<ListedStatus, number>;
}

/** When the stored overview was last refreshed by the org-wide scan. @public */
export interface LastScan {
  startedAt: string;
  finishedAt: string | null;
  entities: number;
  durationMs: number | null;
  stale: boolean;
}

/** `GET /overview` (docs/rules.md #rest-api). `lastScan` is null while the overview is assessed live. @public */
export interface OverviewResponse {
  items: OverviewItem[];
  totalCount: number;
  totals: OverviewTotals;
  /** For each signal the rules read, how many of the matching services have a value. */
  coverage: OverviewCoverage;
  /** For each practice, how many of the matching services follow it, by tier; most failed first. */
  practices: PracticeOverview[];
  /** What right-sizing would free across the matching services, by tier and owner. */
  rightSizing: RightSizingOverview;
  lastScan: LastScan | null;
}

/** Sortable columns of the overview; prefix with `-` for descending (`-activeUsers`). @public */
export const OVERVIEW_SORT_FIELDS = [
  'name',
  'owner',
  'system',
  'currentTier',
  'recommendedTier',
  'status',
  'readinessScore',
  'activeUsers',
  'practicesScore',
] as const;

/** @public */
export type OverviewSortField = (typeof OVERVIEW_SORT_FIELDS)[number];

/** Query parameters of `GET /overview` and `GET /overview.csv`. @public */
export interface OverviewQuery {
  owner?: string;
  system?: string;
  kind?: string;
  currentTier?: TierId | 'unknown';
  recommendedTier?: TierId | 'unknown';
  status?: ListedStatus;
  /** Only the services that do not follow this practice. */
  failingPractice?: PracticeId;
  /** Name substring, case-insensitive. */
  q?: string;
  /** A field of {@link OVERVIEW_SORT_FIELDS}, `-` prefixed for descending. */
  sort?: string;
  /** 1 to 500; default 50. */
  limit?: number;
  offset?: number;
}

/** `POST /simulate` (docs/rules.md #rest-api): a what-if over annotations. @public */
export interface SimulateRequest {
  annotations: Record<string, string>;
  context?: {
    serviceCount?: number;
    teamK8sExpertise?: boolean;
    databases?: Array<{ managed: boolean }>;
  };
}

/** The CSV columns of `GET /overview.csv`, in order. @public */
export const OVERVIEW_CSV_COLUMNS = [
  'entityRef',
  'name',
  'kind',
  'owner',
  'system',
  'currentTier',
  'recommendedTier',
  'status',
  'readinessScore',
  'activeUsers',
  'findings',
  'practicesScore',
  'failingPractices',
] as const;

/** One point of an entity's history, from one scan. @public */
export interface HistorySnapshot {
  /** ISO time of the scan. */
  time: string;
  currentTier: TierId | null;
  recommendedTier: TierId | null;
  status: AssessmentStatus;
  readinessScore: number | null;
  activeUsers: number | null;
  measuredUptime: number | null;
}

/** `GET /assessments/:kind/:namespace/:name/history?days=` (docs/rules.md #rest-api). @public */
export interface HistoryResponse {
  snapshots: HistorySnapshot[];
  forecast: UsersForecast | null;
  /** The users from which each tier is demanded, as in force for this backend. */
  userThresholds: TierNumbers;
}
