import {
  OverviewItem,
  OverviewQuery,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingStore } from '../database/ScalingStore';
import { LatestIndex } from '../lib/LatestIndex';

/**
 * The stored rows matching the query, sorted, read as the overview reads them: every key into
 * the index, the matching keys, then their full rows.
 */
export async function latestItems(
  store: ScalingStore,
  query: OverviewQuery = {},
): Promise<OverviewItem[]> {
  const keys = await store.listLatestKeys();
  const { rows } = new LatestIndex(keys).select(
    query,
    new Set(keys.map(k => k.entityRef)),
  );
  return store.getLatestItems(rows.map(k => k.entityRef));
}
