import { TierId } from './tiers';
import { TierNumbers } from './thresholds';
import { OverviewCoverage } from './coverage';
import { UsersForecast } from './forecast';
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
