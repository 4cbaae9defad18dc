import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Finding,
  HistorySnapshot,
  OverviewItem,
  PracticeOutcomes,
  ReadinessBlocker,
  practiceOutcomesOf,
  signalSourcesOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { Knex } from 'knex';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../config';
import { writePageRows } from './bulkUpsert';
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

// Refs per IN list.
const IN_CHUNK = 1000;

/** The knex implementation, on SQLite and PostgreSQL. */
/**
 * The practices and right-sizing columns of a latest row; none for rows written before they
 * existed.
 */
function practicesOfRow(row: {
  practices_score?: unknown;
  practices?: string | null;
  saving_cpu_cores?: unknown;
  saving_memory_bytes?: unknown;
}): Pick<OverviewItem, 'practicesScore' | 'practices' | 'rightSizingSaving'> {
  const cpuCores = toNumber(row.saving_cpu_cores);
  const memoryBytes = toNumber(row.saving_memory_bytes);
  return {
    practicesScore: toNumber(row.practices_score),
    practices: row.practices
      ? (JSON.parse(row.practices) as PracticeOutcomes | null)
      : null,
    rightSizingSaving:
      cpuCores === null || memoryBytes === null
        ? null
        : { cpuCores, memoryBytes },
  };
}

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
          practices_score: assessment.practices?.score ?? null,
          practices: JSON.stringify(practiceOutcomesOf(assessment.practices)),
          saving_cpu_cores: assessment.rightSizing?.saving.cpuCores ?? null,
          saving_memory_bytes:
            assessment.rightSizing?.saving.memoryBytes ?? null,
          signal_sources: JSON.stringify(signalSourcesOf(assessment.signals)),
          scan_id: scanId,
          assessed_at: takenAt,
          snapshot_at: due ? takenAt : before!.at,
        });
      }
      await writePageRows(tx, latest, snapshots);
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

  async listLatestKeys(): Promise<LatestKey[]> {
    const rows = await this.db('scaling_latest').select(
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
      'signal_sources',
      'practices_score',
      'practices',
      'saving_cpu_cores',
      'saving_memory_bytes',
    );
    return rows.map(row => ({
      entityRef: row.entity_ref,
      kind: row.kind,
      name: row.name,
      owner: row.owner ?? null,
      system: row.system ?? null,
      currentTier: row.current_tier ?? null,
      recommendedTier: row.recommended_tier ?? null,
      status: row.status,
      readinessScore: toNumber(row.readiness_score),
      activeUsers: toNumber(row.active_users),
      // Rows written before the column existed have none until the next scan.
      sources: row.signal_sources ? JSON.parse(row.signal_sources) : {},
      ...practicesOfRow(row),
    }));
  }

  async kubernetesServicesByOwner(): Promise<Map<string, number>> {
    const rows = await this.db('scaling_latest')
      .whereIn('current_tier', ['kubernetes', 'enterprise'])
      .whereNotNull('owner')
      .select('owner')
      .count({ services: '*' })
      .groupBy('owner');
    const counts = new Map<string, number>();
    for (const row of rows as Array<{ owner: string; services: unknown }>) {
      const owner = row.owner.toLocaleLowerCase('en-US');
      counts.set(owner, (counts.get(owner) ?? 0) + Number(row.services));
    }
    return counts;
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
          'practices_score',
          'practices',
          'saving_cpu_cores',
          'saving_memory_bytes',
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
          ...practicesOfRow(row),
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
