import React, { useCallback, useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ListedStatus,
  OVERVIEW_SORT_FIELDS,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  OverviewSortField,
  TIER_LIST,
  TierId,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import useAsync from 'react-use/esm/useAsync';
import { scalingApiRef } from '../../api';
import { downloadText } from '../../lib/download';
import { SEVERITY_ORDER, formatNumber } from '../../lib/labels';
import { normalizeEntityRef } from '../../lib/refs';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { EntityLink } from '../EntityLink';
import { LaunchMigrationMenu } from '../LaunchMigrationButton';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';
import { TierDistributionChart } from '../TierDistributionChart';
import { WhatsMissingCard } from './WhatsMissingCard';
import { LastScanInfo } from './LastScanInfo';
import { StatusFilter } from './StatusFilter';

/** The overview's filters, as the API takes them. */
export type OverviewFilters = Pick<
  OverviewQuery,
  'owner' | 'system' | 'currentTier' | 'recommendedTier' | 'status' | 'q'
>;

/** What the table asks for (material-table's remote-data query, the parts used here). */
interface TableQuery {
  page: number;
  pageSize: number;
  orderBy?: { field?: unknown };
  orderDirection?: 'asc' | 'desc' | '';
}

const PAGE_SIZE = 20;
const TABLE_OPTIONS = {
  search: false,
  // No drag handles: the headers stay single sort buttons.
  draggable: false,
  paging: true,
  pageSize: PAGE_SIZE,
  pageSizeOptions: [20, 50, 100],
  padding: 'dense' as const,
  emptyRowsWhenPaging: false,
};
const TABLE_LOCALIZATION = {
  body: { emptyDataSourceMessage: 'No services match these filters' },
};
const TIER_OPTIONS: Array<{ value: TierId | 'unknown'; label: string }> = [
  ...TIER_LIST.map(t => ({ value: t.id, label: t.shortName })),
  { value: 'unknown', label: 'Unknown' },
];

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

function findingsSummary(item: OverviewItem): string {
  if (item.findings.length === 0) return '—';
  const worst = SEVERITY_ORDER.find(s =>
    item.findings.some(f => f.severity === s),
  );
  return `${item.findings.length}${worst ? ` (${worst})` : ''}`;
}

function buildColumns(sort: string | undefined): TableColumn<OverviewItem>[] {
  const defaultSort = (field: OverviewSortField) => {
    if (sort === field) return 'asc' as const;
    if (sort === `-${field}`) return 'desc' as const;
    return undefined;
  };
  return [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      defaultSort: defaultSort('name'),
      render: item => (
        <EntityLink entityRef={item.entityRef} defaultKind="component" />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      defaultSort: defaultSort('owner'),
      render: item =>
        item.owner ? (
          <EntityLink entityRef={item.owner} defaultKind="group" />
        ) : (
          '—'
        ),
    },
    {
      title: 'System',
      field: 'system',
      defaultSort: defaultSort('system'),
      render: item =>
        item.system ? (
          <EntityLink entityRef={item.system} defaultKind="system" />
        ) : (
          '—'
        ),
    },
    {
      title: 'Current',
      field: 'currentTier',
      defaultSort: defaultSort('currentTier'),
      render: item => <TierChip tier={item.currentTier} />,
    },
    {
      title: 'Recommended',
      field: 'recommendedTier',
      defaultSort: defaultSort('recommendedTier'),
      render: item => <TierChip tier={item.recommendedTier} />,
    },
    {
      title: 'Status',
      field: 'status',
      defaultSort: defaultSort('status'),
      render: item => <StatusChip status={item.status} />,
    },
    {
      title: 'Readiness',
      field: 'readinessScore',
      type: 'numeric',
      defaultSort: defaultSort('readinessScore'),
      render: item =>
        item.readinessScore === null ? '—' : `${item.readinessScore}%`,
    },
    {
      title: 'Active users',
      field: 'activeUsers',
      type: 'numeric',
      defaultSort: defaultSort('activeUsers'),
      render: item =>
        item.activeUsers === null ? '—' : formatNumber(item.activeUsers),
    },
    {
      title: 'Findings',
      sorting: false,
      render: item => findingsSummary(item),
    },
    {
      title: 'Migration',
      sorting: false,
      render: item => (
        <LaunchMigrationMenu
          entityRef={item.entityRef}
          entityName={item.name}
        />
      ),
    },
  ];
}

const FilterBar = React.memo(function FilterBarInner(props: {
  filters: OverviewFilters;
  onTierChange: (key: 'currentTier' | 'recommendedTier', value: string) => void;
  owner: string;
  system: string;
  search: string;
  onText: (key: 'owner' | 'system' | 'search', value: string) => void;
}) {
  const { filters, onTierChange, owner, system, search, onText } = props;
  return (
    <Grid
      container
      spacing={2}
      component="form"
      role="search"
      aria-label="Filter services"
      onSubmit={(e: React.FormEvent) => e.preventDefault()}
    >
      <Grid item xs={12} sm={6} md={3}>
        <TextField
          id="scaling-filter-search"
          label="Search by name"
          value={search}
          onChange={e => onText('search', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <TextField
          id="scaling-filter-owner"
          label="Owner"
          placeholder="group:default/payments"
          value={owner}
          onChange={e => onText('owner', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <TextField
          id="scaling-filter-system"
          label="System"
          placeholder="system:default/shop"
          value={system}
          onChange={e => onText('system', e.target.value)}
          fullWidth
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <TierFilter
          id="scaling-filter-current-tier"
          label="Current tier"
          value={filters.currentTier}
          onChange={value => onTierChange('currentTier', value)}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <TierFilter
          id="scaling-filter-recommended-tier"
          label="Recommended tier"
          value={filters.recommendedTier}
          onChange={value => onTierChange('recommendedTier', value)}
        />
      </Grid>
    </Grid>
  );
});

/** A tier select ("Any", the four tiers, unknown) for one of the overview's tier filters. */
function TierFilter(props: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value)}
      fullWidth
    >
      <option value="">Any</option>
      {TIER_OPTIONS.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/**
 * The services table. Memoised: the page re-renders whenever a response arrives (counts,
 * chart, last scan), and the table's rows need not re-render with it.
 */
const OverviewTable = React.memo(function OverviewTableInner(props: {
  columns: TableColumn<OverviewItem>[];
  data: (
    query: TableQuery,
  ) => Promise<{ data: OverviewItem[]; page: number; totalCount: number }>;
}) {
  return (
    <Table<OverviewItem>
      title="Services"
      columns={props.columns}
      data={props.data}
      options={TABLE_OPTIONS}
      localization={TABLE_LOCALIZATION}
    />
  );
});

/**
 * The org-wide overview without a page header (the new frontend system's page supplies one).
 *
 * @public
 */
export function ScalingOverviewContent(props: {
  initialFilters?: OverviewFilters;
}) {
  const api = useApi(scalingApiRef);
  const [tierFilters, setTierFilters] = useState<
    Pick<OverviewFilters, 'currentTier' | 'recommendedTier' | 'status'>
  >({
    currentTier: props.initialFilters?.currentTier,
    recommendedTier: props.initialFilters?.recommendedTier,
    status: props.initialFilters?.status,
  });
  const [text, setText] = useState({
    owner: props.initialFilters?.owner ?? '',
    system: props.initialFilters?.system ?? '',
    search: props.initialFilters?.q ?? '',
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
    async (query: TableQuery) => {
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
  // Columns carry the sort as `defaultSort`; they are rebuilt only when the table remounts for
  // new filters (its `key`), so the sort the user chose survives a filter change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const columns = useMemo(() => buildColumns(sortRef.current), [filterKey]);

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

  const onStatusChange = useCallback(
    (status: ListedStatus | undefined) =>
      setTierFilters(f => ({ ...f, status })),
    [],
  );
  const onText = useCallback(
    (key: 'owner' | 'system' | 'search', value: string) =>
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

  return (
    <>
      <ContentHeader title="Services by tier">
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={exportCsv}
          disabled={exporting}
          aria-label="Export CSV"
        >
          Export CSV
        </Button>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <LastScanInfo lastScan={page?.lastScan} />
        </Grid>
        {exportError && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={exportError} title="CSV export failed" />
          </Grid>
        )}
        <Grid item xs={12} md={5}>
          <InfoCard
            title="Status"
            subheader="Press a status to filter the table"
          >
            <StatusFilter
              counts={totals?.byStatus}
              selected={filters.status}
              onChange={onStatusChange}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={7}>
          <InfoCard title="Current vs recommended tier">
            {totals ? <TierDistributionChart totals={totals} /> : <Progress />}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <WhatsMissingCard coverage={page?.coverage} />
        </Grid>
        <Grid item xs={12}>
          <FilterBar
            filters={filters}
            owner={text.owner}
            system={text.system}
            search={text.search}
            onText={onText}
            onTierChange={onTierChange}
          />
        </Grid>
        {(error ?? scope.error) && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={(error ?? scope.error)!} />
          </Grid>
        )}
        <Grid item xs={12}>
          <Box>
            <OverviewTable key={filterKey} columns={columns} data={data} />
          </Box>
        </Grid>
      </Grid>
      <Typography variant="caption" color="textSecondary">
        Tiers, colours and thresholds come from the Scaling Advisor's shared
        tier model.
      </Typography>
    </>
  );
}

/**
 * The org-wide overview page (`/scaling`): tier distribution, status counts as filters, and
 * every service with server-side paging, sorting and filters.
 *
 * @public
 */
export function ScalingOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Scaling Advisor"
        subtitle="Where every service runs, where it should run, and how ready it is to move"
      />
      <Content>
        <ScalingOverviewContent />
      </Content>
    </Page>
  );
}
