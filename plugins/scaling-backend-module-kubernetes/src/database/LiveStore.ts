import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  EntityEvidence,
  dateOfColumn,
  migrateExclusively,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';

const PACKAGE =
  '@scaling-advisor/backstage-plugin-scaling-backend-module-kubernetes';
const TABLE = 'scaling_kubernetes_live';
const IN_CHUNK = 500;

/** What is known of one entity's live workloads. */
export interface LiveRecord {
  entityRef: string;
  /** Of the last successful read; undefined when none succeeded. */
  evidence?: EntityEvidence;
  readAt?: Date;
  /** Why the last attempt failed, when it did (the evidence is then the last read's). */
  error?: string;
  attemptedAt: Date;
}

/**
 * The Kubernetes module's table in the scaling plugin's database: per entity, what the last
 * read of the live cluster showed. It has migrations and a knex bookkeeping table of its own.
 */
export class LiveStore {
  static async create(database: DatabaseService): Promise<LiveStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateExclusively(client, {
        directory: resolvePackagePath(PACKAGE, 'migrations'),
        tableName: 'scaling_kubernetes_knex_migrations',
        lockName: `${PACKAGE}:migrations`,
      });
    }
    return new LiveStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async get(entityRefs: readonly string[]): Promise<Map<string, LiveRecord>> {
    const found = new Map<string, LiveRecord>();
    const unique = [
      ...new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    ];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const rows = await this.db(TABLE).whereIn(
        'entity_ref',
        unique.slice(i, i + IN_CHUNK),
      );
      for (const row of rows) {
        found.set(row.entity_ref, {
          entityRef: row.entity_ref,
          evidence: row.evidence ? JSON.parse(row.evidence) : undefined,
          readAt: dateOfColumn(row.read_at),
          error: row.error ?? undefined,
          attemptedAt: dateOfColumn(row.attempted_at)!,
        });
      }
    }
    return found;
  }

  /** A successful read: its evidence replaces the last one. */
  async putRead(entityRef: string, evidence: EntityEvidence, at: Date) {
    await this.db(TABLE)
      .insert({
        entity_ref: entityRef.toLocaleLowerCase('en-US'),
        evidence: JSON.stringify(evidence),
        read_at: at,
        error: null,
        attempted_at: at,
      })
      .onConflict('entity_ref')
      .merge();
  }

  /** A failed read: the last successful evidence is kept, with the error beside it. */
  async putError(entityRef: string, error: string, at: Date) {
    await this.db(TABLE)
      .insert({
        entity_ref: entityRef.toLocaleLowerCase('en-US'),
        error: error.slice(0, 2000),
        attempted_at: at,
      })
      .onConflict('entity_ref')
      .merge(['error', 'attempted_at']);
  }

  /** Forgets the entities no longer annotated for Kubernetes. */
  async pruneExcept(entityRefs: readonly string[]) {
    const keep = new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US')));
    const stored: Array<{ entity_ref: string }> =
      await this.db(TABLE).select('entity_ref');
    const gone = stored.map(r => r.entity_ref).filter(r => !keep.has(r));
    for (let i = 0; i < gone.length; i += IN_CHUNK)
      await this.db(TABLE)
        .whereIn('entity_ref', gone.slice(i, i + IN_CHUNK))
        .delete();
  }
}
