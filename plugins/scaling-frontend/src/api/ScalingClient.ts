import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  Assessment,
  OverviewQuery,
  OverviewResponse,
  SimulateRequest,
  HistoryResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingApi, ScalingEntityRef, ScalingScan } from './ScalingApi';

const PLUGIN_ID = 'scaling';

/** The query string of `GET /overview` and `GET /overview.csv`; empty values are left out. */
export function overviewSearchParams(
  query: OverviewQuery = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  return params;
}

function entityPath(entityRef: ScalingEntityRef): string {
  const ref = parseEntityRef(entityRef);
  return [ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
}

/**
 * Talks to the `scaling` backend through the app's discovery and fetch APIs, so requests carry
 * the user's Backstage credentials. Failed requests reject with a `ResponseError` whose message
 * is the backend's.
 *
 * @public
 */
export class ScalingClient implements ScalingApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getAssessment(entityRef: ScalingEntityRef): Promise<Assessment> {
    const response = await this.request(
      `/assessments/${entityPath(entityRef)}`,
    );
    return response.json();
  }

  async getHistory(
    entityRef: ScalingEntityRef,
    options?: { days?: number },
  ): Promise<HistoryResponse | undefined> {
    const days = options?.days ?? 90;
    const response = await this.request(
      `/assessments/${entityPath(entityRef)}/history?days=${days}`,
      undefined,
      { notFoundAsUndefined: true },
    );
    return response ? response.json() : undefined;
  }

  async getOverview(query?: OverviewQuery): Promise<OverviewResponse> {
    const params = overviewSearchParams(query).toString();
    const response = await this.request(
      `/overview${params ? `?${params}` : ''}`,
    );
    return response.json();
  }

  async getOverviewCsv(query?: OverviewQuery): Promise<string> {
    const params = overviewSearchParams({
      ...query,
      limit: undefined,
      offset: undefined,
    }).toString();
    const response = await this.request(
      `/overview.csv${params ? `?${params}` : ''}`,
      { headers: { Accept: 'text/csv' } },
    );
    return response.text();
  }

  async simulate(request: SimulateRequest): Promise<Assessment> {
    const response = await this.request('/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return response.json();
  }

  async startScan(): Promise<{ scanId: string }> {
    const response = await this.request('/scans', { method: 'POST' });
    return response.json();
  }

  async getScan(scanId: string): Promise<ScalingScan> {
    const response = await this.request(`/scans/${encodeURIComponent(scanId)}`);
    return response.json();
  }

  private async request(path: string, init?: RequestInit): Promise<Response>;
  private async request(
    path: string,
    init: RequestInit | undefined,
    options: { notFoundAsUndefined: true },
  ): Promise<Response | undefined>;
  private async request(
    path: string,
    init?: RequestInit,
    options?: { notFoundAsUndefined?: boolean },
  ): Promise<Response | undefined> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (options?.notFoundAsUndefined && response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
