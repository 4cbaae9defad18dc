import {
  OverviewQuery,
  matchesQuery,
  sortItems,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { LatestKey } from '../database/ScalingStore';

/**
 * The latest rows of one complete scan, held in memory to answer the overview: filtered by
 * scaling-common's rules for each query, and sorted once per sort order (then reused by
 * every query with that order until the next scan), so that a query costs one pass.
 */
export class LatestIndex {
  private readonly orders = new Map<string, readonly LatestKey[]>();

  constructor(private readonly keys: readonly LatestKey[]) {}

  /**
   * The rows matching the query that the caller may see (`all`: a caller who may read every
   * entity), in the query's order; and how many rows of the scan the caller may see in all.
   */
  select(
    query: OverviewQuery,
    visible: ReadonlySet<string> | 'all',
  ): { rows: LatestKey[]; visibleCount: number } {
    const matches = matchesQuery(query);
    const rows: LatestKey[] = [];
    let visibleCount = 0;
    for (const key of this.inOrder(query.sort ?? 'name')) {
      if (visible !== 'all' && !visible.has(key.entityRef)) continue;
      visibleCount += 1;
      if (matches(key)) rows.push(key);
    }
    return { rows, visibleCount };
  }

  private inOrder(sort: string): readonly LatestKey[] {
    let order = this.orders.get(sort);
    if (!order) {
      order = sortItems([...this.keys], sort);
      this.orders.set(sort, order);
    }
    return order;
  }
}
