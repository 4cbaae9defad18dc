import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import {
  HistoryResponse,
  LastScan,
  OverviewCoverage,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  ScalingThresholds,
  SignalSources,
  InstalledProvider,
  coverageOf,
  practicesOverviewOf,
  rightSizingOverviewOf,
  filterItems,
  forecastUsers,
  pageOverview,
  signalSourcesOf,
  sortItems,
  totalsOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScanConfig } from '../config';
import { ScalingStore } from '../database/ScalingStore';
import { AssessmentService } from './AssessmentService';
import { CatalogReader, RELATED_CACHE_TTL_MS } from './CatalogReader';
import { isListed, toOverviewItem } from '../lib/overviewItem';
import { callerKey } from '../lib/callerKey';
import { LatestIndex } from '../lib/LatestIndex';
import { RememberedAnswers } from '../lib/RememberedAnswers';
import { TtlCache } from '../lib/TtlCache';

/**
 * The org-wide views: the overview from the stored scan (or assessed live until the first
 * scan completes), restricted to what the caller may see, and an entity's history.
 */
export class ScanResultsService {
  constructor(
    private readonly options: {
      store: ScalingStore;
      reader: CatalogReader;
      assessments: AssessmentService;
      thresholds: ScalingThresholds;
      scan: Pick<ScanConfig, 'filter' | 'staleAfterMs' | 'retentionDays'>;
      logger: LoggerService;
      permissions: Pick<PermissionsService, 'authorizeConditional'>;
      /** The provider modules installed, for the coverage hints. */
      providers?: { list(): Promise<InstalledProvider[]> };
      now?: () => number;
    },
  ) {
    this.remembered = new RememberedAnswers(options.logger);
  }

  private readonly remembered: RememberedAnswers;

  private async providers(): Promise<InstalledProvider[]> {
    return (await this.options.providers?.list()) ?? [];
  }

  /** Whether each caller may read every entity, decided once per caller for a short while. */
  private readonly readsAll = new TtlCache<boolean>(
    RELATED_CACHE_TTL_MS,
    10_000,
  );

  /**
   * What the caller may see of the catalog: `all` when the permission policy lets them read
   * every entity (no conditions; also when permissions are not enabled), so that nothing
   * needs listing; else the refs the catalog lists for them.
   */
  private async visibleTo(
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string> | 'all'> {
    const key = callerKey(credentials);
    let readsAll = this.readsAll.get(key);
    if (readsAll === undefined) {
      // Only a shortcut: without an answer, the listing decides, as it always may.
      const decision = await this.options.permissions
        .authorizeConditional([{ permission: catalogEntityReadPermission }], {
          credentials,
        })
        .then(
          ([d]) => d.result,
          () => undefined,
        );
      readsAll = decision === AuthorizeResult.ALLOW;
      if (decision !== undefined) this.readsAll.set(key, readsAll);
    }
    if (readsAll) return 'all';
    return this.options.reader.visibleRefs(
      this.options.scan.filter,
      credentials,
    );
  }

  private index?: { scanId: string; loading: Promise<LatestIndex> };

  /**
   * Reads the store. Any failure to read it (the database restarting, unreachable, out of
   * connections) is answered as the store being unavailable: a 503 naming the cause.
   */
  private async fromStore<T>(
    read: (store: ScalingStore) => Promise<T>,
  ): Promise<T> {
    try {
      return await read(this.options.store);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The stored scan results cannot be read (is the database reachable?): ${stringifyError(
          error,
        )}`,
        error,
      );
    }
  }

  /** The newest complete scan as the overview reports it, and its id. */
  private async lastScan(): Promise<{ scanId: string; last: LastScan } | null> {
    const { completed, failedSince } = await this.fromStore(store =>
      store.lastScan(),
    );
    if (!completed) return null;
    const now = this.options.now?.() ?? Date.now();
    const age = now - Date.parse(completed.finishedAt ?? completed.startedAt);
    return {
      scanId: completed.id,
      last: {
        startedAt: completed.startedAt,
        finishedAt: completed.finishedAt,
        entities: completed.entities,
        durationMs: completed.durationMs,
        stale: failedSince || age > this.options.scan.staleAfterMs,
      },
    };
  }

  /**
   * The latest rows of the given complete scan, read once per scan (by every request that
   * arrives while they are read) and held until a newer scan completes.
   */
  private latestIndex(scanId: string): Promise<LatestIndex> {
    if (this.index?.scanId !== scanId) {
      const loading = this.fromStore(store => store.listLatestKeys()).then(
        keys => new LatestIndex(keys),
      );
      const index = { scanId, loading };
      this.index = index;
      // A failed read is not kept: the next request reads again.
      loading.catch(() => {
        if (this.index === index) this.index = undefined;
      });
    }
    return this.index.loading;
  }

  /** The overview assessed live (before the first scan), with the coverage of its rows. */
  private async liveItems(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<{ sorted: OverviewItem[]; coverage: OverviewCoverage }> {
    const live = await this.options.assessments.assessAll(
      query.kind ?? 'Component',
      credentials,
    );
    const sources = new Map<OverviewItem, SignalSources>();
    const items = live.filter(isListed).map(assessed => {
      const item = toOverviewItem(assessed);
      sources.set(item, signalSourcesOf(assessed.assessment.signals));
      return item;
    });
    const sorted = sortItems(filterItems(items, query), query.sort);
    return {
      sorted,
      coverage: coverageOf(
        sorted.map(i => sources.get(i)!),
        await this.providers(),
      ),
    };
  }

  /**
   * The stored rows matching the query that the caller may see, sorted, and how many rows of
   * the scan the caller may see in all.
   */
  private async visibleKeys(
    scanId: string,
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ) {
    const [index, visible] = await Promise.all([
      this.latestIndex(scanId),
      this.visibleTo(credentials),
    ]);
    return index.select(query, visible);
  }

  /** Every filtered and sorted row the caller may see (the CSV export). */
  async items(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewItem[]> {
    const last = await this.lastScan();
    if (!last) {
      return (await this.liveItems(query, credentials)).sorted;
    }
    const { rows } = await this.visibleKeys(last.scanId, query, credentials);
    return this.fromStore(store =>
      store.getLatestItems(rows.map(k => k.entityRef)),
    );
  }

  /**
   * One page of the overview with totals over every matching row. From the store, only the
   * page's rows are read in full.
   *
   * While the store (or the catalog) is unavailable, the caller's last answer to the same
   * query is served again, marked stale; a caller or query not seen before gets the 503.
   */
  async overview(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse> {
    return this.remembered.answer(query, credentials, () =>
      this.answer(query, credentials),
    );
  }

  private async answer(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse> {
    const last = await this.lastScan();
    if (!last) {
      const { sorted, coverage } = await this.liveItems(query, credentials);
      return { ...pageOverview(sorted, query), coverage, lastScan: null };
    }
    const { rows, visibleCount } = await this.visibleKeys(
      last.scanId,
      query,
      credentials,
    );
    const offset = query.offset ?? 0;
    const page = rows.slice(offset, offset + (query.limit ?? 50));
    return {
      items: await this.fromStore(store =>
        store.getLatestItems(page.map(k => k.entityRef)),
      ),
      totalCount: rows.length,
      totals: totalsOf(rows),
      practices: practicesOverviewOf(rows),
      rightSizing: rightSizingOverviewOf(rows),
      coverage: coverageOf(
        rows.map(k => k.sources),
        await this.providers(),
      ),
      // The scan's own count includes what the caller may not see: it is capped at what they may.
      lastScan: {
        ...last.last,
        entities: Math.min(last.last.entities, visibleCount),
      },
    };
  }

  async history(
    ref: CompoundEntityRef,
    days: number | undefined,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    const { reader, thresholds, scan } = this.options;
    // Nothing older than the retention exists; the default window is 90 days.
    const window = Math.min(days ?? 90, scan.retentionDays);
    const entity = await reader.getEntity(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)} found`);
    }
    const now = this.options.now?.() ?? Date.now();
    const since = new Date(now - window * 86_400_000);
    const snapshots = await this.fromStore(store =>
      store.history(stringifyEntityRef(entity), since),
    );
    return {
      snapshots,
      forecast: forecastUsers(snapshots, thresholds),
      userThresholds: thresholds.users,
    };
  }
}
