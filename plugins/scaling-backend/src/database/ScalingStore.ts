import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Assessment,
  Finding,
  HistorySnapshot,
  OverviewItem,
  OverviewQuery,
  SignalSources,
  signalSourcesOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { migrateExclusively } from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../config';
import { serializeAssessment } from './storedAssessment';

const migrationsDir = resolvePackagePath(
  '@scaling-advisor/backstage-plugin-scaling-backend',
  'migrations',
);

/** One assessed entity as the scan stores it. */
export interface StoredAssessment {
  entityRef: string;
  kind: string;
  name: string;
  owner: string | null;
  system: string | null;
  assessment: Assessment;
}

/** A latest row reduced to what filters, totals, coverage and paging need. */
export type LatestKey = Pick<
  OverviewItem,
  'entityRef' | 'currentTier' | 'recommendedTier' | 'status'
> & { sources: SignalSources };

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

/** Where scans keep the latest assessments and their history. */
export interface ScalingStore {
  /** Records a scan as running, and any scan still marked running as interrupted. */
  startScan(id: string, startedAt: Date): Promise<void>;
  /**
   * Writes one page of a scan in one transaction: the latest row of every entity, and a
   * snapshot for each entity whose tiers, status or readiness score changed since its newest
   * snapshot, or whose newest snapshot is from an earlier snapshot interval (one per interval,
   * at an offset of its own).
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
   * What the overview counts and pages on, for the latest rows matching the query's filters,
   * sorted; light enough to hold for the whole catalog.
   */
  listLatestKeys(query: OverviewQuery): Promise<LatestKey[]>;
  /** Full overview rows, in the order of the refs given. */
  getLatestItems(entityRefs: string[]): Promise<OverviewItem[]>;
  /** Latest rows matching the query's filters, sorted. */
  listLatest(query: OverviewQuery): Promise<OverviewItem[]>;
  history(entityRef: string, since: Date): Promise<HistorySnapshot[]>;
  /** Deletes snapshots and scan records older than the date; returns snapshots deleted. */
  prune(olderThan: Date): Promise<number>;
}

const tierOrderSql = (column: string) =>
  `CASE ${column} WHEN 'single-vps' THEN 1 WHEN 'managed-cloud' THEN 2 WHEN 'kubernetes' THEN 3 WHEN 'enterprise' THEN 4 ELSE NULL END`;

/** The SQL each sort field orders by: tiers in tier order, statuses by urgency. */
const SORT_EXPRESSIONS: Record<string, string> = {
  name: 'name',
  owner: 'owner',
  system: 'system',
  currentTier: tierOrderSql('current_tier'),
  recommendedTier: tierOrderSql('recommended_tier'),
  status: `CASE status WHEN 'under-provisioned' THEN 0 WHEN 'over-provisioned' THEN 1 WHEN 'aligned' THEN 2 ELSE 3 END`,
  readinessScore: 'readiness_score',
  activeUsers: 'active_users',
};

/** PostgreSQL returns Dates, SQLite the epoch milliseconds knex stored. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || /^\d+$/.test(String(value)))
    return new Date(Number(value));
  return new Date(String(value));
}

function toIso(value: unknown): string {
  return toDate(value).toISOString();
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * What makes a change worth a snapshot at once: the tiers, the status and the readiness
 * score. Since any change of them takes a snapshot, the latest row's key is always its newest
 * snapshot's.
 */
function snapshotKey(columns: {
  current_tier: string | null;
  recommended_tier: string | null;
  status: string;
  readiness_score: number | null;
}): string {
  return `${columns.current_tier}|${columns.recommended_tier}|${columns.status}|${columns.readiness_score}`;
}

/** The error of a scan whose process stopped before it finished. */
export const INTERRUPTED =
  'interrupted: the scan stopped before it finished (its process ended)';

/** FNV-1a: a cheap, stable hash of a string, as a non-negative 32-bit integer. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Rows per INSERT (14 columns: well under PostgreSQL's 65,535 parameters), refs per IN list.
const CHUNK = 500;
const IN_CHUNK = 1000;

/** The knex implementation, on SQLite and PostgreSQL. */
export class DatabaseScalingStore implements ScalingStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** See `scaling.scan.snapshotInterval`; default 1 day, 0 for a snapshot at every scan. */
    snapshotIntervalMs?: number;
  }): Promise<DatabaseScalingStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await migrateExclusively(client, {
        directory: migrationsDir,
        lockName:
          '@scaling-advisor/backstage-plugin-scaling-backend:migrations',
      });
    }
    return new DatabaseScalingStore(
      client,
      options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly snapshotIntervalMs: number,
  ) {}

  async startScan(id: string, startedAt: Date): Promise<void> {
    await this.db.transaction(async tx => {
      // Scans run one at a time across replicas: one still marked running died with its
      // process. Its committed pages stay; it counts as failed, so the overview says stale.
      await tx('scaling_scans').where({ status: 'running' }).update({
        status: 'failed',
        finished_at: startedAt,
        error: INTERRUPTED,
      });
      await tx('scaling_scans').insert({
        id,
        started_at: startedAt,
        status: 'running',
        entities: 0,
      });
    });
  }

  async writePage(
    scanId: string,
    takenAt: Date,
    page: StoredAssessment[],
  ): Promise<void> {
    if (page.length === 0) return;
    await this.db.transaction(async tx => {
      const previous = await this.previousSnapshots(
        tx,
        page.map(row => row.entityRef),
      );
      const latest = [];
      const snapshots = [];
      for (const { entityRef, kind, name, owner, system, assessment } of page) {
        const columns = {
          current_tier: assessment.currentTier,
          recommended_tier: assessment.recommendedTier,
          status: assessment.status,
          readiness_score: assessment.readiness.score,
          active_users: assessment.signals.activeUsers.value,
        };
        const before = previous.get(entityRef);
        const due =
          !before ||
          before.key !== snapshotKey(columns) ||
          this.intervalOf(entityRef, takenAt) >
            this.intervalOf(entityRef, before.at);
        if (due) {
          snapshots.push({
            entity_ref: entityRef,
            scan_id: scanId,
            taken_at: takenAt,
            ...columns,
            measured_uptime: assessment.signals.measuredUptime.value,
            assessment: serializeAssessment(assessment),
          });
        }
        latest.push({
          entity_ref: entityRef,
          kind,
          name,
          owner,
          system,
          ...columns,
          findings: JSON.stringify(assessment.findings),
          signal_sources: JSON.stringify(signalSourcesOf(assessment.signals)),
          scan_id: scanId,
          assessed_at: takenAt,
          snapshot_at: due ? takenAt : before!.at,
        });
      }
      for (let i = 0; i < latest.length; i += CHUNK) {
        await tx('scaling_latest')
          .insert(latest.slice(i, i + CHUNK))
          .onConflict('entity_ref')
          .merge();
      }
      for (let i = 0; i < snapshots.length; i += CHUNK) {
        await tx('scaling_snapshots')
          .insert(snapshots.slice(i, i + CHUNK))
          .onConflict(['scan_id', 'entity_ref'])
          .ignore();
      }
    });
  }

  /**
   * Which snapshot interval a time falls in, for one entity. Each entity's intervals start at
   * its own offset (from a hash of its ref), so that unchanged entities whose first snapshots
   * were taken together get their next ones spread over the interval's scans, not all in one.
   */
  private intervalOf(entityRef: string, time: Date): number {
    const interval = this.snapshotIntervalMs;
    if (interval <= 0) return time.getTime();
    return Math.floor(
      (time.getTime() + (hashOf(entityRef) % interval)) / interval,
    );
  }

  /** What the newest snapshot of each entity recorded, and when. */
  private async previousSnapshots(
    tx: Knex.Transaction,
    entityRefs: string[],
  ): Promise<Map<string, { key: string; at: Date }>> {
    const previous = new Map<string, { key: string; at: Date }>();
    for (let i = 0; i < entityRefs.length; i += IN_CHUNK) {
      const rows = await tx('scaling_latest')
        .whereIn('entity_ref', entityRefs.slice(i, i + IN_CHUNK))
        .whereNotNull('snapshot_at')
        .select(
          'entity_ref',
          'current_tier',
          'recommended_tier',
          'status',
          'readiness_score',
          'snapshot_at',
        );
      for (const row of rows) {
        previous.set(row.entity_ref, {
          key: snapshotKey({
            current_tier: row.current_tier,
            recommended_tier: row.recommended_tier,
            status: row.status,
            readiness_score: toNumber(row.readiness_score),
          }),
          at: toDate(row.snapshot_at),
        });
      }
    }
    return previous;
  }

  async completeScan(
    scanId: string,
    finishedAt: Date,
    entities: number,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const [scan] = await tx('scaling_scans')
        .where({ id: scanId })
        .select('started_at');
      await tx('scaling_latest').whereNot({ scan_id: scanId }).delete();
      await tx('scaling_scans')
        .where({ id: scanId })
        .update({
          status: 'completed',
          finished_at: finishedAt,
          entities,
          duration_ms: scan
            ? finishedAt.getTime() - toDate(scan.started_at).getTime()
            : null,
        });
    });
  }

  async failScan(
    scanId: string,
    finishedAt: Date,
    error: string,
  ): Promise<void> {
    await this.db('scaling_scans')
      .where({ id: scanId })
      .update({
        status: 'failed',
        finished_at: finishedAt,
        error: error.slice(0, 4000),
      });
  }

  private toScan(row: Record<string, unknown>): ScanRecord {
    return {
      id: String(row.id),
      startedAt: toIso(row.started_at),
      finishedAt: row.finished_at ? toIso(row.finished_at) : null,
      status: row.status as ScanRecord['status'],
      entities: Number(row.entities),
      durationMs: toNumber(row.duration_ms),
      error: (row.error as string | null) ?? null,
    };
  }

  async lastScan(): Promise<{
    completed: ScanRecord | null;
    failedSince: boolean;
  }> {
    const [completed] = await this.db('scaling_scans')
      .where({ status: 'completed' })
      .orderBy('started_at', 'desc')
      .limit(1);
    const failedQuery = this.db('scaling_scans').where({ status: 'failed' });
    if (completed) failedQuery.where('started_at', '>', completed.started_at);
    const [failed] = await failedQuery.limit(1).select('id');
    return {
      completed: completed ? this.toScan(completed) : null,
      failedSince: Boolean(failed),
    };
  }

  async listLatestKeys(query: OverviewQuery): Promise<LatestKey[]> {
    const q = this.db('scaling_latest').select(
      'entity_ref',
      'current_tier',
      'recommended_tier',
      'status',
      'signal_sources',
    );
    if (query.owner) q.where('owner', query.owner);
    if (query.system) q.where('system', query.system);
    if (query.kind) q.whereRaw('lower(kind) = ?', [query.kind.toLowerCase()]);
    for (const [param, column] of [
      ['currentTier', 'current_tier'],
      ['recommendedTier', 'recommended_tier'],
    ] as const) {
      const value = query[param];
      if (value === 'unknown') q.whereNull(column);
      else if (value) q.where(column, value);
    }
    if (query.status) q.where('status', query.status);
    if (query.q) {
      const escaped = query.q.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`);
      q.whereRaw(`lower(name) like ? escape '\\'`, [`%${escaped}%`]);
    }

    const sort = query.sort ?? 'name';
    const descending = sort.startsWith('-');
    const expression =
      SORT_EXPRESSIONS[descending ? sort.slice(1) : sort] ?? 'name';
    // Unknown values last in either direction, then a stable tie-break.
    q.orderByRaw(
      `CASE WHEN ${expression} IS NULL THEN 1 ELSE 0 END, ${expression} ${
        descending ? 'DESC' : 'ASC'
      }, entity_ref ASC`,
    );

    const rows = await q;
    return rows.map(row => ({
      entityRef: row.entity_ref,
      currentTier: row.current_tier ?? null,
      recommendedTier: row.recommended_tier ?? null,
      status: row.status,
      sources: row.signal_sources ? JSON.parse(row.signal_sources) : {},
    }));
  }

  async getLatestItems(entityRefs: string[]): Promise<OverviewItem[]> {
    const byRef = new Map<string, OverviewItem>();
    for (let i = 0; i < entityRefs.length; i += IN_CHUNK) {
      const rows = await this.db('scaling_latest')
        .whereIn('entity_ref', entityRefs.slice(i, i + IN_CHUNK))
        .select(
          'entity_ref',
          'kind',
          'name',
          'owner',
          'system',
          'current_tier',
          'recommended_tier',
          'status',
          'readiness_score',
          'active_users',
          'findings',
        );
      for (const row of rows) {
        byRef.set(row.entity_ref, {
          entityRef: row.entity_ref,
          name: row.name,
          kind: row.kind,
          owner: row.owner ?? null,
          system: row.system ?? null,
          currentTier: row.current_tier ?? null,
          recommendedTier: row.recommended_tier ?? null,
          status: row.status,
          readinessScore: toNumber(row.readiness_score),
          activeUsers: toNumber(row.active_users),
          findings: JSON.parse(row.findings) as Finding[],
        });
      }
    }
    return entityRefs.flatMap(ref => byRef.get(ref) ?? []);
  }

  async listLatest(query: OverviewQuery): Promise<OverviewItem[]> {
    const keys = await this.listLatestKeys(query);
    return this.getLatestItems(keys.map(k => k.entityRef));
  }

  async history(entityRef: string, since: Date): Promise<HistorySnapshot[]> {
    const rows = await this.db('scaling_snapshots')
      .where({ entity_ref: entityRef })
      .where('taken_at', '>=', since)
      .orderBy('taken_at', 'asc')
      .select(
        'taken_at',
        'current_tier',
        'recommended_tier',
        'status',
        'readiness_score',
        'active_users',
        'measured_uptime',
      );
    return rows.map(row => ({
      time: toIso(row.taken_at),
      currentTier: row.current_tier ?? null,
      recommendedTier: row.recommended_tier ?? null,
      status: row.status,
      readinessScore: toNumber(row.readiness_score),
      activeUsers: toNumber(row.active_users),
      measuredUptime: toNumber(row.measured_uptime),
    }));
  }

  async prune(olderThan: Date): Promise<number> {
    const deleted = await this.db('scaling_snapshots')
      .where('taken_at', '<', olderThan)
      .delete();
    await this.db('scaling_scans')
      .where('started_at', '<', olderThan)
      .whereNot({ status: 'running' })
      .delete();
    return deleted;
  }
}
