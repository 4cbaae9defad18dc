import React from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  TierCost,
  formatCostRange,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { TierChip } from '../TierChip';

/** @public */
export interface CostComparisonProps {
  cost: { current: TierCost | null; recommended: TierCost | null };
}

/** Monthly cost and ops load of the current tier next to the recommended one. @public */
export function CostComparison(props: CostComparisonProps) {
  const { current, recommended } = props.cost;
  const cell = (cost: TierCost | null, what: 'cost' | 'ops' | 'tier') => {
    if (!cost) return 'Unknown';
    if (what === 'tier') return <TierChip tier={cost.tier} />;
    return what === 'cost' ? formatCostRange(cost.monthlyUsd) : cost.opsLoad;
  };
  return (
    <Table size="small" aria-label="Cost and ops load">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>Current</TableCell>
          <TableCell>Recommended</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        <TableRow>
          <TableCell component="th" scope="row">
            Tier
          </TableCell>
          <TableCell>{cell(current, 'tier')}</TableCell>
          <TableCell>{cell(recommended, 'tier')}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell component="th" scope="row">
            Cost per month
          </TableCell>
          <TableCell>{cell(current, 'cost')}</TableCell>
          <TableCell>{cell(recommended, 'cost')}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell component="th" scope="row">
            Ops load
          </TableCell>
          <TableCell>{cell(current, 'ops')}</TableCell>
          <TableCell>{cell(recommended, 'ops')}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
