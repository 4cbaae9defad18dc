import React from 'react';
import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  OverviewTotals,
  TIER_LIST,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber } from '../../lib/labels';

interface Row {
  tier: string;
  color: string;
  current: number;
  recommended: number;
}

/** One row per tier (lowest first), then "Unknown". */
export function distributionRows(
  totals: OverviewTotals,
  unknownColor: string,
): Row[] {
  const rows: Row[] = TIER_LIST.map(tier => ({
    tier: tier.shortName,
    color: tier.color,
    current: totals.byCurrentTier[tier.id] ?? 0,
    recommended: totals.byRecommendedTier[tier.id] ?? 0,
  }));
  rows.push({
    tier: 'Unknown',
    color: unknownColor,
    current: totals.byCurrentTier.unknown ?? 0,
    recommended: totals.byRecommendedTier.unknown ?? 0,
  });
  return rows;
}

/** "Current vs recommended tiers: Single VPS 10 → 4; …" */
export function distributionSummary(rows: Row[]): string {
  return `Services by tier, current vs recommended: ${rows
    .map(
      r =>
        `${r.tier} ${formatNumber(r.current)} → ${formatNumber(r.recommended)}`,
    )
    .join('; ')}.`;
}

/**
 * How many services are on each tier today and how many should be.
 *
 * @public
 */
export const TierDistributionChart = React.memo(
  function TierDistributionChartInner(props: {
    totals: OverviewTotals;
    height?: number;
  }) {
    const { totals, height = 260 } = props;
    const theme = useTheme();
    const rows = distributionRows(totals, theme.palette.grey[500]);
    const summary = distributionSummary(rows);
    return (
      <Box role="img" aria-label={summary} title={summary}>
        <ResponsiveContainer
          width="100%"
          height={height}
          initialDimension={{ width: 640, height }}
        >
          <BarChart
            data={rows}
            margin={{ top: 8, right: 16, left: 0, bottom: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="tier" />
            <YAxis
              allowDecimals={false}
              tickFormatter={(v: number) => formatNumber(v)}
            />
            <Tooltip formatter={(value: number) => formatNumber(value)} />
            <Legend
              payload={[
                {
                  value: 'Current',
                  type: 'square',
                  color: theme.palette.grey[400],
                },
                {
                  value: 'Recommended',
                  type: 'square',
                  color: theme.palette.grey[700],
                },
              ]}
            />
            <Bar dataKey="current" name="Current" isAnimationActive={false}>
              {rows.map(row => (
                <Cell key={row.tier} fill={row.color} fillOpacity={0.4} />
              ))}
            </Bar>
            <Bar
              dataKey="recommended"
              name="Recommended"
              isAnimationActive={false}
            >
              {rows.map(row => (
                <Cell key={row.tier} fill={row.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </Box>
    );
  },
);
