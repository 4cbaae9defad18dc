import React from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  TIERS,
  HistoryResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber } from '../../lib/labels';
import {
  chartPoints,
  formatDate,
  historySummary,
  userThresholds,
} from './historyChartData';

/**
 * Active users over time with the tier thresholds and the forecast line. Renders nothing when
 * there is no history.
 *
 * @public
 */
export function ActiveUsersHistoryChart(props: {
  history: HistoryResponse | undefined;
}) {
  const { history } = props;
  const theme = useTheme();
  if (!history || history.snapshots.length === 0) {
    return null;
  }
  const points = chartPoints(history);
  const thresholds = userThresholds(history);
  const maxUsers = Math.max(
    0,
    ...points.map(p => Math.max(p.activeUsers ?? 0, p.forecast ?? 0)),
  );
  // Show the thresholds the data reaches, the forecast's, and the next one up when it is near
  // enough (within 2×) not to flatten the line.
  const nextAbove = thresholds.find(t => t.users > maxUsers);
  const top = Math.max(
    maxUsers,
    history.forecast?.threshold ?? 0,
    nextAbove && nextAbove.users <= maxUsers * 2 ? nextAbove.users : 0,
  );
  const yMax = Math.ceil(top * 1.1) || 10;
  const summary = historySummary(history);

  return (
    <Box>
      <Box role="img" aria-label={summary} title={summary}>
        <ResponsiveContainer
          width="100%"
          height={300}
          initialDimension={{ width: 800, height: 300 }}
        >
          <LineChart
            data={points}
            margin={{ top: 16, right: 32, left: 8, bottom: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatDate}
            />
            <YAxis
              domain={[0, yMax]}
              tickFormatter={(v: number) => formatNumber(v)}
              width={72}
            />
            <Tooltip
              labelFormatter={(label: number) => formatDate(label)}
              formatter={(value: number) => formatNumber(value)}
            />
            <Legend />
            {thresholds
              .filter(t => t.users <= yMax)
              .map(t => (
                <ReferenceLine
                  key={t.tier}
                  y={t.users}
                  stroke={TIERS[t.tier].color}
                  strokeDasharray="6 3"
                  label={{
                    value: `${TIERS[t.tier].shortName} (${formatNumber(t.users)})`,
                    position: 'insideTopLeft',
                    fill: TIERS[t.tier].color,
                    fontSize: 12,
                  }}
                />
              ))}
            <Line
              name="Active users"
              type="monotone"
              dataKey="activeUsers"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
            {history.forecast && (
              <Line
                name="Forecast"
                type="linear"
                dataKey="forecast"
                stroke={theme.palette.text.secondary}
                strokeDasharray="4 4"
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </Box>
      <Typography variant="caption" color="textSecondary">
        {summary}
      </Typography>
    </Box>
  );
}
