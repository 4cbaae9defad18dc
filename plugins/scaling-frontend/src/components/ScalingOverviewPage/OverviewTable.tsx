import React from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import {
  OverviewItem,
  OverviewSortField,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { TablePage, TableQuery } from '../../hooks';
import { formatNumber } from '../../lib/labels';
import { EntityLink } from '../EntityLink';
import { LaunchMigrationMenu } from '../LaunchMigrationButton';
import { StatusChip } from '../StatusChip';
import { TierChip } from '../TierChip';
import { FindingsBadge } from './FindingsBadge';

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

/*
 * At laptop widths (a 1,280 or 1,440 px window with the sidebar open) the columns share about
 * 1,000–1,170 px. So: the system is a second line under the name, the status an icon (its label
 * in a tooltip and for screen readers), findings a count badge, "Active users" reads "Users",
 * cells never wrap (a name or a chip broken mid-word reads as two words), and padding is
 * halved. When the window is narrower still (with the practices score, about 1,230 px are
 * needed: a 1,280 and a 1,440 px window both scroll a little), the table scrolls within
 * itself with the name pinned on the left and the migration action pinned on the right, so
 * that every column is reachable and the action never leaves the screen.
 */
const useStyles = makeStyles(theme => {
  const pinned = {
    position: 'sticky' as const,
    zIndex: 1,
    backgroundColor: theme.palette.background.paper,
  };
  return {
    root: {
      '& th, & td': {
        whiteSpace: 'nowrap',
        verticalAlign: 'middle',
        paddingLeft: theme.spacing(1),
        paddingRight: theme.spacing(1),
      },
      '& tr > :first-child': { ...pinned, left: 0 },
      '& tr > :last-child:not(:first-child)': {
        ...pinned,
        right: 0,
        boxShadow: `-1px 0 0 ${theme.palette.divider}`,
      },
      // The theme stripes odd rows; a pinned cell keeps its row's stripe.
      '& tbody tr:nth-of-type(odd) > td:is(:first-child, :last-child)': {
        backgroundColor: theme.palette.background.default,
      },
    },
  };
});

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
      // The system under the name (it is a filter above the table, and rarely a sort): one
      // column fewer for laptop widths.
      title: 'Name / System',
      field: 'name',
      highlight: true,
      defaultSort: defaultSort('name'),
      render: item => (
        <>
          <EntityLink entityRef={item.entityRef} defaultKind="component" />
          {item.system && (
            <Typography variant="caption" color="textSecondary" component="div">
              <EntityLink entityRef={item.system} defaultKind="system" />
            </Typography>
          )}
        </>
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
      render: item => <StatusChip status={item.status} iconOnly />,
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
      title: (
        <span title="The share of its current tier's practices it follows">
          Practices
        </span>
      ),
      field: 'practicesScore',
      type: 'numeric',
      defaultSort: defaultSort('practicesScore'),
      render: item =>
        item.practicesScore === null ? '—' : `${item.practicesScore}%`,
    },
    {
      title: <span title="Active users">Users</span>,
      field: 'activeUsers',
      type: 'numeric',
      defaultSort: defaultSort('activeUsers'),
      render: item =>
        item.activeUsers === null ? '—' : formatNumber(item.activeUsers),
    },
    {
      title: 'Findings',
      sorting: false,
      render: item => <FindingsBadge findings={item.findings} />,
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
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <Table<OverviewItem>
        title="Services"
        columns={props.columns}
        data={props.data}
        options={TABLE_OPTIONS}
        localization={TABLE_LOCALIZATION}
      />
    </div>
  );
});
