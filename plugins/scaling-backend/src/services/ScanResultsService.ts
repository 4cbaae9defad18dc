import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotFoundError,
  ServiceUnavailableError,
  isError,
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
  coverageOf,
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
import { CatalogReader } from './CatalogReader';
import { isListed, toOverviewItem } from '../lib/overviewItem';
import { callerKey } from '../lib/callerKey';
import { TtlCache } from '../lib/TtlCache';

/**
 * How many of the latest overview answers are remembered (one per caller and query), and for
 * how long, to answer while the store cannot be read. Each holds one page of rows.
 */
const REMEMBERED_ANSWERS = 200;
const REMEMBERED_FOR_MS = 24 * 3_600_000;

/** Whether the query narrows the overview (its sort and paging aside). */
function isFiltered(query: OverviewQuery): boolean {
  const { sort, limit, offset, ...filters } = query;
  return Object.values(filters).some(value => value !== undefined);
}

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
      now?: () => number;
    },
  ) {}

  private readonly answers = new TtlCache<OverviewResponse>(
    REMEMBERED_FOR_MS,
    REMEMBERED_ANSWERS,
  );
  /** Whether overview answers are being served from memory (logged once per outage). */
  private servingRemembered = false;

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

  private async lastScan(): Promise<LastScan | null> {
    const { completed, failedSince } = await this.fromStore(store =>
      store.lastScan(),
    );
    if (!completed) return null;
    const now = this.options.now?.() ?? Date.now();
    const age = now - Date.parse(completed.finishedAt ?? completed.startedAt);
    return {
      startedAt: completed.startedAt,
      finishedAt: completed.finishedAt,
      entities: completed.entities,
      durationMs: completed.durationMs,
      stale: failedSince || age > this.options.scan.staleAfterMs,
    };
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
    return { sorted, coverage: coverageOf(sorted.map(i => sources.get(i)!)) };
  }

  /** The stored rows' keys matching the query, restricted to what the caller may see. */
  private async visibleKeys(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ) {
    const { reader, scan } = this.options;
    const [keys, visible] = await Promise.all([
      this.fromStore(store => store.listLatestKeys(query)),
      reader.visibleRefs(scan.filter, credentials),
    ]);
    return keys.filter(k => visible.has(k.entityRef));
  }

  /** Every filtered and sorted row the caller may see (the CSV export). */
  async items(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewItem[]> {
    if (!(await this.lastScan())) {
      return (await this.liveItems(query, credentials)).sorted;
    }
    const keys = await this.visibleKeys(query, credentials);
    return this.fromStore(store =>
      store.getLatestItems(keys.map(k => k.entityRef)),
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
    // Per caller: what a caller may see differs, and an answer is never shown to another.
    const key = `${callerKey(credentials)}\0${JSON.stringify(query)}`;
    try {
      const answer = await this.answer(query, credentials);
      this.answers.set(key, answer);
      if (this.servingRemembered) {
        this.servingRemembered = false;
        this.options.logger.info('overview answered from the store again');
      }
      return answer;
    } catch (error) {
      const remembered = this.answers.get(key);
      if (
        !remembered ||
        !isError(error) ||
        error.name !== 'ServiceUnavailableError'
      ) {
        throw error;
      }
      if (!this.servingRemembered) {
        this.servingRemembered = true;
        this.options.logger.warn(
          'overview answered from remembered answers, marked stale, until the store can be read',
          { cause: error.message },
        );
      }
      return {
        ...remembered,
        lastScan: remembered.lastScan && {
          ...remembered.lastScan,
          stale: true,
        },
      };
    }
  }

  private async answer(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse> {
    const lastScan = await this.lastScan();
    if (!lastScan) {
      const { sorted, coverage } = await this.liveItems(query, credentials);
      return { ...pageOverview(sorted, query), coverage, lastScan };
    }
    const keys = await this.visibleKeys(query, credentials);
    const offset = query.offset ?? 0;
    const page = keys.slice(offset, offset + (query.limit ?? 50));
    // The scan's own count includes what the caller may not see: it is capped at what they may.
    const seen = isFiltered(query)
      ? (await this.visibleKeys({}, credentials)).length
      : keys.length;
    return {
      items: await this.fromStore(store =>
        store.getLatestItems(page.map(k => k.entityRef)),
      ),
      totalCount: keys.length,
      totals: totalsOf(keys),
      coverage: coverageOf(keys.map(k => k.sources)),
      lastScan: { ...lastScan, entities: Math.min(lastScan.entities, seen) },
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
