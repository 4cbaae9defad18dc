import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  Assessment,
  HistoryResponse,
  OverviewQuery,
  OverviewResponse,
  SimulateRequest,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * One org-wide scan as `GET /scans/:scanId` answers: `pending` until the scheduler starts it.
 *
 * @public
 */
export interface ScalingScan {
  scanId: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  entities: number;
  durationMs: number | null;
  error: string | null;
}

/** Where to look up one entity: a ref string (`component:default/shop`) or its parts. @public */
export type ScalingEntityRef = string | CompoundEntityRef;

/**
 * The Scaling Advisor REST API (backend plugin `scaling`), as the frontend sees it.
 *
 * @public
 */
export interface ScalingApi {
  /** The assessment of one entity; rejects with a `ResponseError` (404 for unknown entities). */
  getAssessment(entityRef: ScalingEntityRef): Promise<Assessment>;
  /**
   * The entity's assessment history and growth forecast; `undefined` when the backend keeps no
   * history for it (a 404 answer).
   */
  getHistory(
    entityRef: ScalingEntityRef,
    options?: { days?: number },
  ): Promise<HistoryResponse | undefined>;
  /** One page of the org-wide overview, filtered and sorted by the server. */
  getOverview(query?: OverviewQuery): Promise<OverviewResponse>;
  /** The overview with the same filters as CSV text (all rows, no paging). */
  getOverviewCsv(query?: OverviewQuery): Promise<string>;
  /** A what-if assessment over the given annotations (`entityRef: null`). */
  simulate(request: SimulateRequest): Promise<Assessment>;
  /**
   * Starts the org-wide scan now (needs the `scaling.scan.create` permission); rejects with a
   * `ResponseError` (403 when denied, 409 while a scan runs).
   */
  startScan(): Promise<{ scanId: string }>;
  /** A scan's progress, to follow the one `startScan` started. */
  getScan(scanId: string): Promise<ScalingScan>;
}

/** @public */
export const scalingApiRef = createApiRef<ScalingApi>({
  id: 'plugin.scaling.service',
});
