import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ASSESSMENT_STATUSES,
  Finding,
  HistorySnapshot,
  OverviewItem,
  OverviewQuery,
  ReadinessBlocker,
  TIERS,
  TIER_IDS,
  signalSourcesOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { Knex } from 'knex';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../config';
import { migrateStore } from './migrateStore';
import {
  INTERRUPTED,
  LatestKey,
  ScalingStore,
  ScanRecord,
  StoredAssessment,
} from './ScalingStore';
import {
  PreviousSnapshot,
  SnapshotPolicy,
  snapshotKey,
} from './snapshotPolicy';

/**
 * `CASE <column> WHEN <value> THEN <rank> … ELSE <otherwise> END`: the column quoted as an
 * identifier, the values bound, the ranks whole numbers from the rules' constants.
 */
function rankSql(
  db: Knex,
  column: string,
  ranks: ReadonlyArray<readonly [string, number]>,
  otherwise: number | null,
): Knex.Raw {
  const whens = ranks.map(([, rank]) => {
    if (!Number.isInteger(rank)) throw new Error(`Invalid sort rank ${rank}`);
    return `WHEN ? THEN ${rank}`;
  });
  return db.raw(`CASE ?? ${whens.join(' ')} ELSE ${otherwise ?? 'NULL'} END`, [
    column,
    ...ranks.map(([value]) => value),
  ]);
}

/** Tiers in tier order (unknown: NULL, sorted last). */
const TIER_RANKS = TIER_IDS.map(id => [id, TIERS[id].order] as const);
/** Listed statuses by urgency, as scaling-common orders them; anything else after them. */
const STATUS_RANKS = ASSESSMENT_STATUSES.map(
  (status, index) => [status, index] as const,
);

/** The SQL each sort field orders by: tiers in tier order, statuses by urgency. */
function sortExpression(db: Knex, field: string): Knex.Raw {
  switch (field) {
    case 'owner':
    case 'system':
      return db.raw('??', [field]);
    case 'currentTier':
      return rankSql(db, 'current_tier', TIER_RANKS, null);
    case 'recommendedTier':
      return rankSql(db, 'recommended_tier', TIER_RANKS, null);
    case 'status':
      return rankSql(db, 'status', STATUS_RANKS, STATUS_RANKS.length);
    case 'readinessScore':
      return db.raw('??', ['readiness_score']);
    case 'activeUsers':
      return db.raw('??', ['active_users']);
    default:
      return db.raw('??', ['name']);
  }
}

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

// Rows per INSERT (16 columns: well under PostgreSQL's 65,535 parameters), refs per IN list.
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
      await migrateStore(client);
    }
    return new DatabaseScalingStore(
      client,
      new SnapshotPolicy(
        options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
      ),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly snapshots: SnapshotPolicy,
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
        const due = this.snapshots.isDue(entityRef, columns, takenAt, before);
        if (due) {
          snapshots.push({
            entity_ref: entityRef,
            scan_id: scanId,
            taken_at: takenAt,
            ...columns,
            measured_uptime: assessment.signals.measuredUptime.value,
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
          blockers: JSON.stringify(assessment.readiness.blockers),
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

  /** What the newest snapshot of each entity recorded, and when. */
  private async previousSnapshots(
    tx: Knex.Transaction,
    entityRefs: string[],
  ): Promise<Map<string, PreviousSnapshot>> {
    const previous = new Map<string, PreviousSnapshot>();
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
    const expression = sortExpression(
      this.db,
      descending ? sort.slice(1) : sort,
    );
    // Unknown values last in either direction, then a stable tie-break.
    q.orderByRaw(
      `CASE WHEN ? IS NULL THEN 1 ELSE 0 END, ? ${
        descending ? 'DESC' : 'ASC'
      }, ?? ASC`,
      [expression, expression, 'entity_ref'],
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
          'blockers',
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
          // Rows written before the column existed have none until the next scan.
          blockers: row.blockers
            ? (JSON.parse(row.blockers) as ReadinessBlocker[])
            : [],
        });
      }
    }
    return entityRefs.flatMap(ref => byRef.get(ref) ?? []);
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
