import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { INTERRUPTED } from '../database/ScalingStore';

/** Status of a scan row that a caller requested and no run has started yet. */
export const PENDING = 'pending';

/** The error of a requested scan that a newer request replaced before any run started. */
export const NEVER_STARTED =
  'never started: a newer scan was requested before this one ran';

/** A scan row as `GET /scans/:scanId` shows it. */
export interface ScanStatus {
  scanId: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  entities: number;
  durationMs: number | null;
  error: string | null;
}

/** What is in the way of a new scan. */
export interface BusyScan {
  scanId: string;
  status: 'pending' | 'running';
  startedAt: string;
}

/** PostgreSQL returns Dates, SQLite the epoch milliseconds knex stored. */
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || /^\d+$/.test(String(value)))
    return new Date(Number(value)).toISOString();
  return new Date(String(value)).toISOString();
}

/**
 * The lifecycle of scan rows in `scaling_scans` around a request to scan now: a request
 * claims a row (`pending`) before it triggers the scheduled task, and the task's next run,
 * on whichever replica, adopts that row as its own, so the caller knows the id of the scan it
 * started. A run nobody requested creates its own row.
 *
 * Scans run one at a time across replicas (the scheduler's global lock), so a row still
 * `running` when a run begins died with its process. A row counts as in the way of a new
 * request only for `runningWindowMs` (the scheduler's timeout: no run outlives it) or, still
 * `pending`, for `pendingWindowMs`: an interrupted scan never blocks for longer.
 */
export class ScanRuns {
  constructor(
    private readonly db: Knex,
    private readonly options: {
      runningWindowMs: number;
      pendingWindowMs: number;
    },
  ) {}

  /**
   * Serializes claims and run starts across replicas for the transaction: on PostgreSQL a
   * table lock that plain reads pass; SQLite runs one write transaction at a time anyway.
   */
  private async lock(tx: Knex.Transaction) {
    const client = String(this.db.client.config?.client ?? '');
    if (client === 'pg' || client.includes('postgres')) {
      await tx.raw('LOCK TABLE ?? IN SHARE ROW EXCLUSIVE MODE', [
        'scaling_scans',
      ]);
    }
  }

  private async busy(tx: Knex.Transaction, now: Date): Promise<BusyScan[]> {
    const rows = await tx('scaling_scans')
      .where(q =>
        q
          .where(r =>
            r
              .where({ status: 'running' })
              .where(
                'started_at',
                '>',
                new Date(now.getTime() - this.options.runningWindowMs),
              ),
          )
          .orWhere(r =>
            r
              .where({ status: PENDING })
              .where(
                'started_at',
                '>',
                new Date(now.getTime() - this.options.pendingWindowMs),
              ),
          ),
      )
      .orderBy('started_at', 'desc')
      .select('id', 'status', 'started_at');
    return rows.map(row => ({
      scanId: String(row.id),
      status: row.status,
      startedAt: toIso(row.started_at),
    }));
  }

  /**
   * Claims a new scan row, unless a scan runs or waits to run: then nothing is written and
   * the scan in the way is returned.
   */
  async claim(now: Date): Promise<{ scanId: string } | { conflict: BusyScan }> {
    return this.db.transaction(async tx => {
      await this.lock(tx);
      const [inTheWay] = await this.busy(tx, now);
      if (inTheWay) return { conflict: inTheWay };
      const scanId = randomUUID();
      await tx('scaling_scans').insert({
        id: scanId,
        started_at: now,
        status: PENDING,
        entities: 0,
      });
      return { scanId };
    });
  }

  /**
   * Gives a claim back when its trigger failed. False when a run adopted it meanwhile: the
   * claimed scan is then running after all.
   */
  async release(scanId: string): Promise<boolean> {
    const deleted = await this.db('scaling_scans')
      .where({ id: scanId, status: PENDING })
      .delete();
    return deleted > 0;
  }

  /**
   * Starts a run's row: marks rows still running as interrupted, adopts the newest pending
   * claim (older ones never ran: failed), or creates a row. Returns the run's scan id.
   */
  async begin(startedAt: Date): Promise<string> {
    return this.db.transaction(async tx => {
      await this.lock(tx);
      await tx('scaling_scans').where({ status: 'running' }).update({
        status: 'failed',
        finished_at: startedAt,
        error: INTERRUPTED,
      });
      const pending = await tx('scaling_scans')
        .where({ status: PENDING })
        .orderBy('started_at', 'desc')
        .select('id');
      const [adopted, ...superseded] = pending.map(row => String(row.id));
      if (superseded.length > 0) {
        await tx('scaling_scans').whereIn('id', superseded).update({
          status: 'failed',
          finished_at: startedAt,
          error: NEVER_STARTED,
        });
      }
      if (adopted) {
        // The scan's own start, not the request's: its duration is the run's.
        await tx('scaling_scans')
          .where({ id: adopted })
          .update({ status: 'running', started_at: startedAt });
        return adopted;
      }
      const scanId = randomUUID();
      await tx('scaling_scans').insert({
        id: scanId,
        started_at: startedAt,
        status: 'running',
        entities: 0,
      });
      return scanId;
    });
  }

  async get(scanId: string): Promise<ScanStatus | undefined> {
    const [row] = await this.db('scaling_scans').where({ id: scanId });
    if (!row) return undefined;
    return {
      scanId: String(row.id),
      status: row.status,
      startedAt: toIso(row.started_at),
      finishedAt: row.finished_at ? toIso(row.finished_at) : null,
      entities: Number(row.entities),
      durationMs:
        row.duration_ms === null || row.duration_ms === undefined
          ? null
          : Number(row.duration_ms),
      error: row.error ?? null,
    };
  }
}
