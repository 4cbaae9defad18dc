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
import { READER_VERSION, RepositoryStore } from './database/RepositoryStore';
import { ReadLimits, readRepository } from './reading/readRepository';
import { SourceTree, sourceTreeOf } from './reading/sourceLocation';

/** What one refresh did. */
export interface RefreshSummary {
  repositories: number;
  read: number;
  notModified: number;
  failed: number;
  durationMs: number;
}

/** Integrations whose UrlReader serves zip archives, read through Backstage's file listing. */
const ZIP_INTEGRATIONS = new Set(['azure', 'harness']);

/**
 * Reads every repository that catalog Components come from, once per refresh however many
 * entities share it (monorepos), a few at a time, with the ETag of the last read so that an
 * unchanged repository downloads nothing; stores what each read found. A repository that cannot
 * be read keeps its last facts and records why.
 */
export class RepositoryRefresher {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      store: RepositoryStore;
      logger: LoggerService;
      concurrency: number;
      limits: ReadLimits;
      now?: () => Date;
    },
  ) {}

  /** Called after a refresh that found new or changed facts. */
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

  async refresh(signal?: AbortSignal): Promise<RefreshSummary> {
    const { store, logger, urlReader, integrations, concurrency, limits } =
      this.options;
    const now = this.options.now ?? (() => new Date());
    const started = now();
    const trees = [...(await this.repositories()).values()];
    const known = await store.get(trees.map(t => t.repoKey));
    const summary = {
      repositories: trees.length,
      read: 0,
      notModified: 0,
      failed: 0,
    };

    let next = 0;
    const worker = async () => {
      while (next < trees.length && !signal?.aborted) {
        const tree = trees[next++];
        const previous = known.get(tree.repoKey);
        const type = integrations.byUrl(tree.rootUrl)?.type;
        const result = await readRepository(urlReader, tree.rootUrl, {
          // A row of an older reader is read again in full.
          etag:
            previous?.readAt && previous.readerVersion === READER_VERSION
              ? previous.etag
              : undefined,
          signal,
          limits,
          mode: type && ZIP_INTEGRATIONS.has(type) ? 'files' : 'archive',
        });
        const at = now();
        if (result.status === 'read') {
          summary.read += 1;
          await store.putRead({ ...tree, ...result }, at);
        } else if (result.status === 'not-modified') {
          summary.notModified += 1;
          await store.putNotModified(tree.repoKey, at);
        } else {
          summary.failed += 1;
          logger.warn(`repository unreadable: ${tree.rootUrl}`, {
            reason: result.reason,
          });
          await store.putFailure(tree.repoKey, tree.rootUrl, result.reason, at);
        }
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, trees.length) }, worker),
      );
    } catch (error) {
      logger.error('repository refresh failed', {
        cause: stringifyError(error),
      });
      throw error;
    }
    const durationMs = now().getTime() - started.getTime();
    logger.info('repository refresh finished', { ...summary, durationMs });
    if (summary.read > 0) {
      for (const listener of this.listeners) listener();
    }
    return { ...summary, durationMs };
  }
}
