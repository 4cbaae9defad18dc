import { useApi } from '@backstage/core-plugin-api';
import {
  ListedStatus,
  OverviewItem,
  OverviewQuery,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { scalingApiRef } from '../api';

/** What the org card shows. */
export interface OrgSummary {
  /** Most urgent first: under-provisioned by lowest readiness, then by status. */
  items: OverviewItem[];
  byStatus: Record<ListedStatus, number>;
  totalCount: number;
}

/**
 * Two page-sized requests, never the whole org: the under-provisioned services by readiness
 * (lowest first), then the rest in status order starting after them, which also carries the
 * counts by status of the whole scope.
 */
export function useOrgSummary(
  scope: Pick<OverviewQuery, 'owner' | 'system'>,
  limit: number,
) {
  const api = useApi(scalingApiRef);
  const { owner, system } = scope;
  return useAsyncRetry(async (): Promise<OrgSummary> => {
    const base = { owner, system };
    const urgent = await api.getOverview({
      ...base,
      status: 'under-provisioned',
      sort: 'readinessScore',
      limit,
      offset: 0,
    });
    const rest = await api.getOverview({
      ...base,
      sort: 'status',
      offset: urgent.totalCount,
      limit: Math.max(1, limit - urgent.items.length),
    });
    const fill = urgent.items.length < limit ? rest.items : [];
    return {
      items: [...urgent.items, ...fill].slice(0, limit),
      byStatus: rest.totals.byStatus,
      totalCount: rest.totalCount,
    };
  }, [api, owner, system, limit]);
}
