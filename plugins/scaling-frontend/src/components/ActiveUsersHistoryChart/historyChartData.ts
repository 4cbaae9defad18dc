import {
  TierId,
  HistoryResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber, tierName } from '../../lib/labels';

const DAY_MS = 24 * 60 * 60 * 1000;
const FORECAST_DAYS_WITHOUT_CROSSING = 30;

export interface Point {
  time: number;
  activeUsers?: number | null;
  forecast?: number;
}

/**
 * The tiers' user thresholds as the backend reports them (those in force there, app-config's
 * or the defaults: docs/rules.md#demand); the forecast's own threshold wins for its tier.
 */
export function userThresholds(
  history: HistoryResponse,
): Array<{ tier: TierId; users: number }> {
  const thresholds = (
    Object.entries(history.userThresholds) as Array<[TierId, number]>
  ).map(([tier, users]) => ({ tier, users }));
  const forecast = history.forecast;
  if (forecast?.nextTier && forecast.threshold !== null) {
    return thresholds.map(t =>
      t.tier === forecast.nextTier ? { ...t, users: forecast.threshold! } : t,
    );
  }
  return thresholds;
}

/** The measured points, then the forecast from the last one to the crossing (or 30 days). */
export function chartPoints(history: HistoryResponse): Point[] {
  const points: Point[] = history.snapshots
    .map(s => ({ time: Date.parse(s.time), activeUsers: s.activeUsers }))
    .filter(p => Number.isFinite(p.time))
    .sort((a, b) => a.time - b.time);
  const last = [...points].reverse().find(p => p.activeUsers !== null);
  const forecast = history.forecast;
  if (
    !last ||
    !forecast ||
    last.activeUsers === null ||
    last.activeUsers === undefined
  ) {
    return points;
  }
  const crossing = forecast.crossesOn ? Date.parse(forecast.crossesOn) : NaN;
  const end =
    Number.isFinite(crossing) && crossing > last.time
      ? crossing
      : last.time + FORECAST_DAYS_WITHOUT_CROSSING * DAY_MS;
  const users = Math.max(
    0,
    Math.round(
      last.activeUsers + (forecast.usersPerDay * (end - last.time)) / DAY_MS,
    ),
  );
  last.forecast = last.activeUsers;
  return [...points, { time: end, forecast: users }];
}

export const formatDate = (time: number) =>
  new Date(time).toISOString().slice(0, 10);

/** One sentence for screen readers and the caption. */
export function historySummary(history: HistoryResponse): string {
  const measured = history.snapshots.filter(s => s.activeUsers !== null);
  const parts: string[] = [];
  if (measured.length) {
    const first = measured[0].activeUsers!;
    const last = measured[measured.length - 1].activeUsers!;
    parts.push(
      `Active users over ${history.snapshots.length} snapshots, from ${formatNumber(
        first,
      )} to ${formatNumber(last)}`,
    );
  } else {
    parts.push('No active-user measurements in the history');
  }
  const forecast = history.forecast;
  if (forecast) {
    const trend = `${forecast.usersPerDay >= 0 ? '+' : ''}${formatNumber(
      Math.round(forecast.usersPerDay),
    )} users/day`;
    if (
      forecast.nextTier &&
      forecast.threshold !== null &&
      forecast.crossesOn
    ) {
      parts.push(
        `forecast ${trend}, reaching ${tierName(forecast.nextTier)} (${formatNumber(
          forecast.threshold,
        )} users) on ${forecast.crossesOn.slice(0, 10)}`,
      );
    } else {
      parts.push(`forecast ${trend}`);
    }
  }
  return `${parts.join('; ')}.`;
}
