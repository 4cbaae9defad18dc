import {
  OverviewItem,
  OverviewQuery,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingStore } from '../database/ScalingStore';

/**
 * The stored rows matching the query, sorted, read as the overview reads them: the matching
 * keys, then their full rows.
 */
export async function latestItems(
  store: ScalingStore,
  query: OverviewQuery = {},
): Promise<OverviewItem[]> {
  const keys = await store.listLatestKeys(query);
  return store.getLatestItems(keys.map(k => k.entityRef));
}
