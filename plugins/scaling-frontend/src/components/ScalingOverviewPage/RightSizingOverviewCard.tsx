import React from 'react';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  RightSizingOverview,
  RightSizingTotal,
  TIER_IDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber, tierName } from '../../lib/labels';
import { EntityLink } from '../EntityLink';
import { formatCores, formatMemory } from '../RightSizingPanel';

function Totals(props: {
  label: string;
  rows: Array<{ key: string; name: React.ReactNode; total: RightSizingTotal }>;
  heading: string;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>{props.heading}</TableCell>
          <TableCell align="right">Services</TableCell>
          <TableCell align="right">CPU freed</TableCell>
          <TableCell align="right">Memory freed</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row.key}>
            <TableCell>{row.name}</TableCell>
            <TableCell align="right">
              {formatNumber(row.total.services)}
            </TableCell>
            <TableCell align="right">
              {formatCores(row.total.cpuCores)}
            </TableCell>
            <TableCell align="right">
              {formatMemory(row.total.memoryBytes)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * What right-sizing would free across the listed services on the live clusters
 * (docs/rules.md #right-sizing), by current tier and by owner; nothing without cluster data.
 */
export function RightSizingOverviewCard(props: {
  rightSizing: RightSizingOverview | undefined;
}) {
  const overview = props.rightSizing;
  if (!overview || overview.total.services === 0) return null;
  const tiers = [...TIER_IDS, 'unknown' as const].flatMap(tier => {
    const total = overview.byTier[tier];
    return total
      ? [
          {
            key: tier,
            name: tier === 'unknown' ? 'Unknown tier' : tierName(tier),
            total,
          },
        ]
      : [];
  });
  const owners = overview.byOwner.map(o => ({
    key: o.owner ?? '(none)',
    name: o.owner ? (
      <EntityLink entityRef={o.owner} defaultKind="group" />
    ) : (
      'No owner'
    ),
    total: o,
  }));
  return (
    <InfoCard
      title="Right-sizing"
      subheader="What the recommended requests would free on the live clusters, over the replicas"
    >
      <Typography variant="body1" gutterBottom>
        {formatCores(overview.total.cpuCores)} and{' '}
        {formatMemory(overview.total.memoryBytes)} across{' '}
        {formatNumber(overview.total.services)} service
        {overview.total.services === 1 ? '' : 's'} read from a cluster.
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={5}>
          <Totals label="Right-sizing by tier" heading="Tier" rows={tiers} />
        </Grid>
        <Grid item xs={12} md={7}>
          <Totals label="Right-sizing by owner" heading="Owner" rows={owners} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
