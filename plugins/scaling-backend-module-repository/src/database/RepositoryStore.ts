import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  dateOfColumn,
  migrateExclusively,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';
import { ProviderProgress } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Link, Observation, Unit } from '../recognize/types';
import { SkippedContent } from '../reading/readRepository';
import { ReadRecord } from '../refresh/due';

const PACKAGE =
  '@scaling-advisor/backstage-plugin-scaling-backend-module-repository';
const TABLE = 'scaling_repository_trees';
const PROGRESS_TABLE = 'scaling_repository_progress';
const PROGRESS_ID = 'refresh';

/**
 * The version of what a read stores. A row stored by an older version is read again in full
 * (without its ETag), so that every repository's facts come from the current reader: 2 added the
 * workload model and Helm rendering, 3 the pod facts of the guide's best practices.
 */
export const READER_VERSION = 3;
// Rows per IN list.
const IN_CHUNK = 500;

/** What is known of one repository. */
export interface StoredTree {
  repoKey: string;
  rootUrl: string;
  /** Of the last successful read; undefined when it was never read. */
  etag?: string;
  observations: Observation[];
  units: Unit[];
  links: Link[];
  skipped: SkippedContent[];
  /** Which reader stored the row; see {@link READER_VERSION}. */
  readerVersion: number;
  readAt?: Date;
  /** Why the last attempt failed, when it did (the facts are then the last read's). */
  error?: string;
  attemptedAt: Date;
}

/**
 * The repository module's table in the scaling plugin's database: per repository, the facts of
 * its last read and the ETag that read returned. It has migrations and a knex bookkeeping table
 * of its own, so that it shares the plugin's database without touching its tables.
 */
export class RepositoryStore {
  static async create(database: DatabaseService): Promise<RepositoryStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateExclusively(client, {
        directory: resolvePackagePath(PACKAGE, 'migrations'),
        tableName: 'scaling_repository_knex_migrations',
        lockName: `${PACKAGE}:migrations`,
      });
    }
    return new RepositoryStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async get(repoKeys: readonly string[]): Promise<Map<string, StoredTree>> {
    const trees = new Map<string, StoredTree>();
    const unique = [...new Set(repoKeys)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const rows = await this.db(TABLE).whereIn(
        'repo_key',
        unique.slice(i, i + IN_CHUNK),
      );
      for (const row of rows) {
        trees.set(row.repo_key, {
          repoKey: row.repo_key,
          rootUrl: row.root_url,
          etag: row.etag ?? undefined,
          observations: row.observations ? JSON.parse(row.observations) : [],
          units: row.units ? JSON.parse(row.units) : [],
          links: row.links ? JSON.parse(row.links) : [],
          skipped: row.skipped ? JSON.parse(row.skipped) : [],
          readerVersion: Number(row.reader_version ?? 1),
          readAt: dateOfColumn(row.read_at),
          error: row.error ?? undefined,
          attemptedAt: dateOfColumn(row.attempted_at)!,
        });
      }
    }
    return trees;
  }

  /** What is known of each repository's reads, without the facts: what the refresh plans by. */
  async records(repoKeys: readonly string[]): Promise<Map<string, ReadRecord>> {
    const records = new Map<string, ReadRecord>();
    const unique = [...new Set(repoKeys)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const rows = await this.db(TABLE)
        .whereIn('repo_key', unique.slice(i, i + IN_CHUNK))
        .select(
          'repo_key',
          'root_url',
          'etag',
          'reader_version',
          'read_at',
          'attempted_at',
          'error',
        );
      for (const row of rows) {
        records.set(row.repo_key, {
          repoKey: row.repo_key,
          rootUrl: row.root_url,
          etag: row.etag ?? undefined,
          readerVersion: Number(row.reader_version ?? 1),
          readAt: dateOfColumn(row.read_at),
          attemptedAt: dateOfColumn(row.attempted_at)!,
          error: row.error ?? undefined,
        });
      }
    }
    return records;
  }

  /**
   * Notes which repositories the catalog still names (`referenced`), and deletes the rows of
   * those no entity has named for `graceMs`: a repository named again within the grace period
   * keeps its facts. Returns how many rows were deleted.
   */
  async pruneUnreferenced(
    referenced: ReadonlySet<string>,
    now: Date,
    graceMs: number,
  ): Promise<number> {
    const rows: Array<{ repo_key: string; unreferenced_since: unknown }> =
      await this.db(TABLE).select('repo_key', 'unreferenced_since');
    const named: string[] = [];
    const unnamed: string[] = [];
    const expired: string[] = [];
    for (const row of rows) {
      const since = dateOfColumn(row.unreferenced_since);
      if (referenced.has(row.repo_key)) {
        if (since) named.push(row.repo_key);
      } else if (!since) {
        unnamed.push(row.repo_key);
      } else if (since.getTime() + graceMs <= now.getTime()) {
        expired.push(row.repo_key);
      }
    }
    for (let i = 0; i < named.length; i += IN_CHUNK) {
      await this.db(TABLE)
        .whereIn('repo_key', named.slice(i, i + IN_CHUNK))
        .update({ unreferenced_since: null });
    }
    for (let i = 0; i < unnamed.length; i += IN_CHUNK) {
      await this.db(TABLE)
        .whereIn('repo_key', unnamed.slice(i, i + IN_CHUNK))
        .update({ unreferenced_since: now });
    }
    for (let i = 0; i < expired.length; i += IN_CHUNK) {
      await this.db(TABLE)
        .whereIn('repo_key', expired.slice(i, i + IN_CHUNK))
        .delete();
    }
    return expired.length;
  }

  /** How far the refresh has got, as it last said. */
  async progress(): Promise<ProviderProgress | undefined> {
    const row = await this.db(PROGRESS_TABLE)
      .where({ id: PROGRESS_ID })
      .first();
    return row ? JSON.parse(row.progress) : undefined;
  }

  async putProgress(progress: ProviderProgress): Promise<void> {
    await this.db(PROGRESS_TABLE)
      .insert({
        id: PROGRESS_ID,
        progress: JSON.stringify(progress),
        updated_at: new Date(progress.updatedAt),
      })
      .onConflict('id')
      .merge();
  }

  /** A successful read: its facts replace the previous ones. */
  async putRead(
    tree: Pick<
      StoredTree,
      'repoKey' | 'rootUrl' | 'observations' | 'units' | 'links' | 'skipped'
    > & {
      etag: string;
    },
    at: Date,
  ): Promise<void> {
    await this.db(TABLE)
      .insert({
        repo_key: tree.repoKey,
        root_url: tree.rootUrl,
        etag: tree.etag,
        observations: JSON.stringify(tree.observations),
        units: JSON.stringify(tree.units),
        links: JSON.stringify(tree.links),
        skipped: JSON.stringify(tree.skipped),
        reader_version: READER_VERSION,
        read_at: at,
        error: null,
        attempted_at: at,
        unreferenced_since: null,
      })
      .onConflict('repo_key')
      .merge();
  }

  /** An unchanged repository: the stored facts stay, as current as of now. */
  async putNotModified(repoKey: string, at: Date): Promise<void> {
    await this.db(TABLE)
      .where({ repo_key: repoKey })
      .update({ read_at: at, attempted_at: at, error: null });
  }

  /** A failed read: the last successful read's facts are kept, with why this one failed. */
  async putFailure(
    repoKey: string,
    rootUrl: string,
    error: string,
    at: Date,
  ): Promise<void> {
    await this.db(TABLE)
      .insert({ repo_key: repoKey, root_url: rootUrl, error, attempted_at: at })
      .onConflict('repo_key')
      .merge(['error', 'attempted_at', 'root_url']);
  }
}
