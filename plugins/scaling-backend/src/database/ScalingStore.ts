import {
  Assessment,
  HistorySnapshot,
  OverviewItem,
  OverviewRow,
  SignalSources,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** One assessed entity as the scan stores it. */
export interface StoredAssessment {
  entityRef: string;
  kind: string;
  name: string;
  owner: string | null;
  system: string | null;
  assessment: Assessment;
}

/**
 * A latest row reduced to what filters, sorting, totals, coverage and paging need (its
 * findings and blockers are read for a page's rows only).
 */
export type LatestKey = OverviewRow & { sources: SignalSources };

/** A scan as recorded. */
export interface ScanRecord {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'completed' | 'failed';
  entities: number;
  durationMs: number | null;
  error: string | null;
}

/** The error of a scan whose process stopped before it finished. */
export const INTERRUPTED =
  'interrupted: the scan stopped before it finished (its process ended)';

/** Where scans keep the latest assessments and their history. */
export interface ScalingStore {
  /** Records a scan as running, and any scan still marked running as interrupted. */
  startScan(id: string, startedAt: Date): Promise<void>;
  /**
   * Writes one page of a scan in one transaction: the latest row of every entity, and a
   * snapshot for each entity the snapshot policy says is due (see `SnapshotPolicy`).
   */
  writePage(
    scanId: string,
    takenAt: Date,
    page: StoredAssessment[],
  ): Promise<void>;
  /**
   * Marks the scan complete and removes from the latest set every entity the scan did not
   * see (it left the catalog), in one transaction.
   */
  completeScan(
    scanId: string,
    finishedAt: Date,
    entities: number,
  ): Promise<void>;
  failScan(scanId: string, finishedAt: Date, error: string): Promise<void>;
  /** The newest completed scan, and whether a newer one failed since. */
  lastScan(): Promise<{ completed: ScanRecord | null; failedSince: boolean }>;
  /**
   * What the overview filters, sorts, counts and pages on, for every latest row, in no
   * particular order; light enough to hold for the whole catalog.
   */
  listLatestKeys(): Promise<LatestKey[]>;
  /** Full overview rows, in the order of the refs given. */
  getLatestItems(entityRefs: string[]): Promise<OverviewItem[]>;
  history(entityRef: string, since: Date): Promise<HistorySnapshot[]>;
  /** Deletes snapshots and scan records older than the date; returns snapshots deleted. */
  prune(olderThan: Date): Promise<number>;
  /**
   * How many latest rows of each owner run on Kubernetes (current tier `kubernetes` or
   * `enterprise`), keyed by the owner's lower-cased entity ref.
   */
  kubernetesServicesByOwner(): Promise<Map<string, number>>;
}
