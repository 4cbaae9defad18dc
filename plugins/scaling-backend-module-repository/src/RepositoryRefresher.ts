import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ProviderProgress } from '@scaling-advisor/backstage-plugin-scaling-common';
import { READER_VERSION, RepositoryStore } from './database/RepositoryStore';
import { ReadLimits, readRepository } from './reading/readRepository';
import { SourceTree, sourceTreeOf } from './reading/sourceLocation';
import { DueTree, dueTrees } from './refresh/due';
import { GateWait, refusalOf } from './refresh/RequestGate';
import { RequestGates } from './refresh/RequestGates';

/** What one run of the refresh did. */
export interface RefreshSummary {
  /** Repositories the catalog's Components come from. */
  repositories: number;
  /** Of those, due for a read in this run. */
  due: number;
  read: number;
  notModified: number;
  failed: number;
  /** Due, but left for a later run: their host's rate limit had no room before the deadline. */
  deferred: number;
  /** Reads the host refused for its rate limit (left for a later run too). */
  refused: number;
  /** Stored repositories no entity has named for the grace period, deleted. */
  pruned: number;
  durationMs: number;
}

/** Integrations whose UrlReader serves zip archives, read through Backstage's file listing. */
const ZIP_INTEGRATIONS = new Set(['azure', 'harness']);

/** A run reads for at most this long, then ends, so that the next one sees the catalog anew. */
export const MAX_RUN_MS = 2 * 60_000;
/** A pass this long is followed by another in the same run, for what was registered meanwhile. */
const ANOTHER_PASS_AFTER_MS = 10_000;
/** A failed read is tried again after this long (or `refreshEvery`, if shorter). */
const RETRY_FAILED_MS = 30 * 60_000;

/** What one read of the repository costs on its host: the commit lookup, and the archive. */
function costOf(due: DueTree): number {
  const defaultBranchLookup = due.tree.repoKey.endsWith('@') ? 1 : 0;
  return (due.etag ? 1 : 2) + defaultBranchLookup;
}

/**
 * Reads the repositories that catalog Components come from, each once however many entities
 * share it, a few at a time, and stores what each read found. Every run (every minute by
 * default) reads what is due: repositories never read first (a Component new to the catalog
 * has evidence within minutes), then failed reads due for a retry, then those last read
 * `refreshEvery` ago (with the last read's ETag: an unchanged repository costs one request and
 * downloads nothing). Each read first asks its host's gate (RequestGates), so the module keeps
 * to its share of the SCM's rate limit, spread over the window; a refusal pauses the host
 * until the reset it names, and what was not read is read by a later run. A repository that
 * cannot be read keeps its last facts and records why.
 */
export class RepositoryRefresher {
  private readonly listeners: Array<() => void> = [];
  /** Repositories GitHub answered 403 once: a second 403 is a failure, not a rate limit. */
  private readonly forbiddenOnce = new Set<string>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      store: RepositoryStore;
      gates: RequestGates;
      logger: LoggerService;
      concurrency: number;
      limits: ReadLimits;
      refreshEveryMs: number;
      pruneAfterMs: number;
      maxRunMs?: number;
      now?: () => Date;
    },
  ) {}

  /** Called after a run that found new or changed facts. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The repositories of every Component with a source location, each once. */
  private async repositories(): Promise<Map<string, SourceTree>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const trees = new Map<string, SourceTree>();
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: 1000, fields: ['metadata.annotations'] }
          : {
              filter: {
                kind: 'Component',
                [`metadata.annotations.${ANNOTATION_SOURCE_LOCATION}`]:
                  CATALOG_FILTER_EXISTS,
              },
              fields: ['metadata.annotations'],
              limit: 1000,
            },
        { credentials },
      );
      for (const entity of page.items) {
        const tree = sourceTreeOf(entity.metadata.annotations ?? {});
        if (tree && !trees.has(tree.repoKey)) trees.set(tree.repoKey, tree);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return trees;
  }

  /**
   * One run: passes over what is due until nothing is, or the run's time is up. Each pass lists
   * the catalog again, so that Components registered meanwhile are read in the same run; a
   * repository is read at most once per run; the progress is stored after each pass.
   */
  async refresh(signal?: AbortSignal): Promise<RefreshSummary> {
    const { logger } = this.options;
    const now = this.options.now ?? (() => new Date());
    const started = now();
    const deadline = started.getTime() + (this.options.maxRunMs ?? MAX_RUN_MS);
    const summary = {
      repositories: 0,
      due: 0,
      read: 0,
      notModified: 0,
      failed: 0,
      deferred: 0,
      refused: 0,
      pruned: 0,
    };
    const handled = new Set<string>();
    try {
      for (
        let pass = 0;
        !signal?.aborted && now().getTime() < deadline;
        pass++
      ) {
        const worked = await this.pass(
          pass,
          handled,
          summary,
          deadline,
          signal,
        );
        if (!worked) break;
      }
    } catch (error) {
      if (!signal?.aborted) {
        logger.error('repository refresh failed', {
          cause: stringifyError(error),
        });
        throw error;
      }
    }
    const durationMs = now().getTime() - started.getTime();
    const wait = this.options.gates.waiting()[0];
    logger.info('repository refresh finished', {
      ...summary,
      durationMs,
      ...(wait
        ? {
            waitingFor: wait.reason,
            waitingUntil: new Date(wait.until).toISOString(),
          }
        : {}),
    });
    return { ...summary, durationMs };
  }

  /**
   * Reads what is due and not yet handled in this run; false when there was nothing, or nothing
   * could be read before the deadline (the run ends).
   */
  private async pass(
    pass: number,
    handled: Set<string>,
    summary: Omit<RefreshSummary, 'durationMs'>,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const { store } = this.options;
    const now = this.options.now ?? (() => new Date());
    const at = now();
    const trees = [...(await this.repositories()).values()];
    const keys = trees.map(t => t.repoKey);
    const records = await store.records(keys);
    if (pass === 0) {
      summary.pruned = await store.pruneUnreferenced(
        new Set(keys),
        at,
        this.options.pruneAfterMs,
      );
    }
    const due = dueTrees(trees, records, at, {
      refreshEveryMs: this.options.refreshEveryMs,
      retryFailedMs: Math.min(RETRY_FAILED_MS, this.options.refreshEveryMs),
      readerVersion: READER_VERSION,
    }).filter(d => !handled.has(d.tree.repoKey));
    summary.repositories = trees.length;
    summary.due += due.length;

    // Repositories read at least once (or found unreadable): what the progress counts.
    const attempted = new Set(keys.filter(k => records.has(k)));
    let read = 0;
    let deferred = 0;
    let refused = 0;
    let next = 0;
    const worker = async () => {
      while (next < due.length && !signal?.aborted) {
        const item = due[next++];
        const outcome = await this.readOne(item, deadline, signal);
        summary[outcome] += 1;
        if (outcome === 'read') read += 1;
        if (outcome === 'deferred') deferred += 1;
        if (outcome === 'refused') refused += 1;
        // A refused repository is tried again in the next pass, once its host's pause is over.
        if (outcome !== 'deferred' && outcome !== 'refused') {
          handled.add(item.tree.repoKey);
          attempted.add(item.tree.repoKey);
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.options.concurrency, due.length) },
        worker,
      ),
    );
    const wait = this.options.gates.waiting()[0];
    await store.putProgress(
      this.progressOf(trees.length, attempted.size, wait, now()),
    );
    if (read > 0) {
      for (const listener of this.listeners) listener();
    }
    // Another pass for the reads refused meanwhile, and after a long pass for Components
    // registered meanwhile (a short one leaves them to the next run); not when every read
    // waited past the deadline.
    const long = now().getTime() - at.getTime() >= ANOTHER_PASS_AFTER_MS;
    return due.length > deferred && (refused > 0 || long);
  }

  /** Reads one due repository, if its host's gate lets it before the deadline. */
  private async readOne(
    due: DueTree,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<'read' | 'notModified' | 'failed' | 'deferred' | 'refused'> {
    const { store, logger, urlReader, integrations, limits, gates } =
      this.options;
    const { tree } = due;
    const gate = await gates.for(tree.rootUrl);
    const cost = costOf(due);
    if (!(await gate.acquire(cost, deadline, signal))) return 'deferred';
    const type = integrations.byUrl(tree.rootUrl)?.type;
    const result = await readRepository(urlReader, tree.rootUrl, {
      etag: due.etag,
      signal,
      limits,
      mode: type && ZIP_INTEGRATIONS.has(type) ? 'files' : 'archive',
    });
    const at = (this.options.now ?? (() => new Date()))();
    if (result.status === 'unreadable') {
      const refusal = refusalOf(result.reason, type);
      if (
        refusal === 'limit' ||
        (refusal === 'forbidden' && !this.forbiddenOnce.has(tree.repoKey))
      ) {
        if (refusal === 'forbidden') this.forbiddenOnce.add(tree.repoKey);
        const wait = await gate.refused();
        logger.warn(`repository read refused by ${gate.name}`, {
          repository: tree.rootUrl,
          reason: result.reason,
          waitingUntil: new Date(wait.until).toISOString(),
        });
        return 'refused';
      }
      this.forbiddenOnce.delete(tree.repoKey);
      logger.warn(`repository unreadable: ${tree.rootUrl}`, {
        reason: result.reason,
      });
      await store.putFailure(tree.repoKey, tree.rootUrl, result.reason, at);
      return 'failed';
    }
    gate.succeeded();
    this.forbiddenOnce.delete(tree.repoKey);
    if (result.status === 'read') {
      // Checked with an ETag and found changed: the archive cost one more request.
      if (due.etag) gate.charge(1);
      await store.putRead({ ...tree, ...result }, at);
      return 'read';
    }
    await store.putNotModified(tree.repoKey, at);
    return 'notModified';
  }

  private progressOf(
    total: number,
    done: number,
    wait: GateWait | undefined,
    at: Date,
  ): ProviderProgress {
    return {
      done,
      total,
      unit: 'repositories',
      ...(wait && done < total
        ? {
            waitingFor: wait.reason,
            waitingUntil: new Date(wait.until).toISOString(),
          }
        : {}),
      updatedAt: at.toISOString(),
    };
  }
}
