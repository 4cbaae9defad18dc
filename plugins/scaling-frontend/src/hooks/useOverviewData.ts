import { useCallback, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ListedStatus,
  OVERVIEW_SORT_FIELDS,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  OverviewSortField,
  PracticeId,
  TierId,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import useAsync from 'react-use/esm/useAsync';
import { scalingApiRef } from '../api';
import { downloadText } from '../lib/download';
import { normalizeEntityRef } from '../lib/refs';
import { useDebouncedValue } from './useDebouncedValue';

/** The overview's filters, as the API takes them. */
export type OverviewFilters = Pick<
  OverviewQuery,
  | 'owner'
  | 'system'
  | 'currentTier'
  | 'recommendedTier'
  | 'status'
  | 'failingPractice'
  | 'q'
>;

/** What the table asks for (material-table's remote-data query, the parts used here). */
export interface TableQuery {
  page: number;
  pageSize: number;
  orderBy?: { field?: unknown };
  orderDirection?: 'asc' | 'desc' | '';
}

/** One page of rows for the table, as material-table's remote data expects it. */
export interface TablePage {
  data: OverviewItem[];
  page: number;
  totalCount: number;
}

/** The text filters as typed, before debouncing and normalising. */
export interface OverviewText {
  owner: string;
  system: string;
  search: string;
}

function isSortField(value: unknown): value is OverviewSortField {
  return (OVERVIEW_SORT_FIELDS as readonly unknown[]).includes(value);
}

/** The API's `sort` for a table query: the column's field, `-` prefixed when descending. */
export function sortOf(
  query: Pick<TableQuery, 'orderBy' | 'orderDirection'>,
): string | undefined {
  const field = query.orderBy?.field;
  if (!isSortField(field) || !query.orderDirection) {
    return undefined;
  }
  return query.orderDirection === 'desc' ? `-${field}` : field;
}

/**
 * The overview page's state and requests: the filters (text ones debounced), the table's
 * remote data, the counts of the whole scope, and the CSV export.
 */
export function useOverviewData(initialFilters?: OverviewFilters) {
  const api = useApi(scalingApiRef);
  const [tierFilters, setTierFilters] = useState<
    Pick<
      OverviewFilters,
      'currentTier' | 'recommendedTier' | 'status' | 'failingPractice'
    >
  >({
    currentTier: initialFilters?.currentTier,
    recommendedTier: initialFilters?.recommendedTier,
    status: initialFilters?.status,
    failingPractice: initialFilters?.failingPractice,
  });
  const [text, setText] = useState<OverviewText>({
    owner: initialFilters?.owner ?? '',
    system: initialFilters?.system ?? '',
    search: initialFilters?.q ?? '',
  });
  const debouncedText = useDebouncedValue(text, 400);
  const filters: OverviewFilters = useMemo(
    () => ({
      ...tierFilters,
      owner: normalizeEntityRef(debouncedText.owner, 'group'),
      system: normalizeEntityRef(debouncedText.system, 'system'),
      q: debouncedText.search.trim() || undefined,
    }),
    [tierFilters, debouncedText],
  );
  const filterKey = JSON.stringify(filters);

  // The sort survives filter changes: it is read when the table remounts for new filters.
  const sortRef = useRef<string | undefined>(undefined);
  const latestRequest = useRef(0);
  const [page, setPage] = useState<OverviewResponse | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<Error | undefined>();

  const data = useCallback(
    async (query: TableQuery): Promise<TablePage> => {
      const sort = sortOf(query);
      sortRef.current = sort;
      // A slower answer to an older query must not overwrite the counts of a newer one.
      const request = ++latestRequest.current;
      try {
        const response = await api.getOverview({
          ...filters,
          sort,
          limit: query.pageSize,
          offset: query.page * query.pageSize,
        });
        if (request === latestRequest.current) {
          setPage(response);
          setError(undefined);
        }
        return {
          data: response.items,
          page: query.page,
          totalCount: response.totalCount,
        };
      } catch (e) {
        if (request === latestRequest.current) {
          setError(e as Error);
        }
        return { data: [], page: 0, totalCount: 0 };
      }
    },
    [api, filters],
  );
  /** The sort of the table's last request (undefined before the first, or unsorted). */
  const currentSort = useCallback(() => sortRef.current, []);

  // With a status filter the table's totals cover that status only; the counts and the chart
  // show the whole scope, so they come from one more (single-row) request.
  const scopeFilters = { ...filters, status: undefined };
  const scopeKey = JSON.stringify(scopeFilters);
  const scope = useAsync(
    async () =>
      filters.status
        ? api.getOverview({ ...scopeFilters, limit: 1, offset: 0 })
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, scopeKey, filters.status],
  );
  const totals = filters.status ? scope.value?.totals : page?.totals;

  // The same for the practices across the org: with a failing-practice filter the table's rows
  // all fail that practice, so the practices table comes from the scope without that filter
  // (one more single-row request), and a practice's counts do not collapse when it is picked.
  const practiceScopeKey = JSON.stringify({
    ...filters,
    failingPractice: undefined,
  });
  const practiceScope = useAsync(
    async () =>
      filters.failingPractice
        ? api.getOverview({
            ...filters,
            failingPractice: undefined,
            limit: 1,
            offset: 0,
          })
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, practiceScopeKey, filters.failingPractice],
  );
  const practices = filters.failingPractice
    ? practiceScope.value?.practices
    : page?.practices;

  const onStatusChange = useCallback(
    (status: ListedStatus | undefined) =>
      setTierFilters(f => ({ ...f, status })),
    [],
  );
  const onText = useCallback(
    (key: keyof OverviewText, value: string) =>
      setText(t => ({ ...t, [key]: value })),
    [],
  );
  const onTierChange = useCallback(
    (key: 'currentTier' | 'recommendedTier', value: string) =>
      setTierFilters(f => ({
        ...f,
        [key]: (value || undefined) as TierId | undefined,
      })),
    [],
  );

  const onFailingPracticeChange = useCallback(
    (failingPractice: PracticeId | undefined) =>
      setTierFilters(f => ({ ...f, failingPractice })),
    [],
  );

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const csv = await api.getOverviewCsv({
        ...filters,
        sort: sortRef.current,
      });
      downloadText(csv, 'scaling-overview.csv', 'text/csv');
    } catch (e) {
      setExportError(e as Error);
    } finally {
      setExporting(false);
    }
  };

  return {
    /** The filters in force (text ones debounced and normalised). */
    filters,
    /** Changes whenever the filters do: the table's `key`, so that it remounts on page 1. */
    filterKey,
    /** The text filters as typed. */
    text,
    onText,
    onTierChange,
    onStatusChange,
    onFailingPracticeChange,
    /** The table's remote data. */
    data,
    currentSort,
    /** The last page answered: its last scan and coverage. */
    page,
    /** Counts by tier and status of the whole scope (without the status filter). */
    totals,
    /** The practices across the scope without the failing-practice filter. */
    practices,
    error: error ?? scope.error ?? practiceScope.error,
    exportCsv,
    exporting,
    exportError,
  };
}
