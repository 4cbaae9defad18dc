import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  HistoryResponse,
  LastScan,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  ScalingThresholds,
  forecastUsers,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScanConfig } from '../config';
import { ScalingStore } from '../database/ScalingStore';
import { AssessmentService } from './AssessmentService';
import { CatalogReader } from './CatalogReader';
import { filterItems, pageOverview, sortItems, toOverviewItem } from './overview';

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
      now?: () => number;
    },
  ) {}

  private async lastScan(): Promise<LastScan | null> {
    const { completed, failedSince } = await this.options.store.lastScan();
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

  /** Filtered and sorted rows the caller may see, and the scan they come from. */
  async items(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<{ items: OverviewItem[]; lastScan: LastScan | null }> {
    const { store, reader, assessments, scan } = this.options;
    const lastScan = await this.lastScan();
    if (!lastScan) {
      const live = await assessments.assessAll(query.kind ?? 'Component', credentials);
      return {
        items: sortItems(filterItems(live.map(toOverviewItem), query), query.sort),
        lastScan,
      };
    }
    const [stored, visible] = await Promise.all([
      store.listLatest(query),
      reader.visibleRefs(scan.filter, credentials),
    ]);
    return { items: stored.filter(i => visible.has(i.entityRef)), lastScan };
  }

  async overview(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse> {
    const { items, lastScan } = await this.items(query, credentials);
    return { ...pageOverview(items, query), lastScan };
  }

  async history(
    ref: CompoundEntityRef,
    days: number | undefined,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    const { store, reader, thresholds, scan } = this.options;
    // Nothing older than the retention exists; the default window is 90 days.
    const window = Math.min(days ?? 90, scan.retentionDays);
    const entity = await reader.getEntity(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)} found`);
    }
    const now = this.options.now?.() ?? Date.now();
    const since = new Date(now - window * 86_400_000);
    const snapshots = await store.history(stringifyEntityRef(entity), since);
    return { snapshots, forecast: forecastUsers(snapshots, thresholds) };
  }
}
