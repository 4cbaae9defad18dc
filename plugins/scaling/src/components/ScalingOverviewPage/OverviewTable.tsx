import React from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import {
  OverviewItem,
  OverviewSortField,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { TablePage, TableQuery } from '../../hooks';
import { SEVERITY_ORDER, formatNumber } from '../../lib/labels';
import { EntityLink } from '../EntityLink';
import { LaunchMigrationMenu } from '../LaunchMigrationButton';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';

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

function findingsSummary(item: OverviewItem): string {
  if (item.findings.length === 0) return '—';
  const worst = SEVERITY_ORDER.find(s =>
    item.findings.some(f => f.severity === s),
  );
  return `${item.findings.length}${worst ? ` (${worst})` : ''}`;
}

/** The table's columns, sorted as `sort` says (the API's `field` or `-field`). */
export function overviewColumns(
  sort: string | undefined,
): TableColumn<OverviewItem>[] {
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

/**
 * The services table, with server-side paging and sorting. Memoised: the page re-renders
 * whenever a response arrives (counts, chart, last scan), and the table's rows need not
 * re-render with it.
 */
export const OverviewTable = React.memo(function OverviewTableInner(props: {
  columns: TableColumn<OverviewItem>[];
  data: (query: TableQuery) => Promise<TablePage>;
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
