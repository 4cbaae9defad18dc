import { ScalingThresholds, tierReachedBy } from './thresholds';
import { TIER_IDS, TierId } from './tiers';

/** A point of an entity's history. @public */
export interface UsersPoint {
  /** ISO time. */
  time: string;
  activeUsers: number | null;
}

/**
 * Where active users are heading: the least-squares trend, the next tier up by users, the
 * users at which it starts, and the day the trend crosses it (null when flat or shrinking).
 *
 * @public
 */
export interface UsersForecast {
  usersPerDay: number;
  nextTier: TierId | null;
  threshold: number | null;
  crossesOn: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Fits `users = a + b·days` over the points that have a user count. Null with fewer than two
 * such points at distinct times.
 *
 * @public
 */
export function forecastUsers(
  points: readonly UsersPoint[],
  thresholds: ScalingThresholds,
): UsersForecast | null {
  const known = points
    .filter(p => p.activeUsers !== null && Number.isFinite(p.activeUsers))
    .map(p => ({
      t: Date.parse(p.time) / DAY_MS,
      users: p.activeUsers as number,
    }))
    .filter(p => Number.isFinite(p.t));
  if (known.length < 2) return null;

  const n = known.length;
  const meanT = known.reduce((s, p) => s + p.t, 0) / n;
  const meanU = known.reduce((s, p) => s + p.users, 0) / n;
  let sTT = 0;
  let sTU = 0;
  for (const p of known) {
    sTT += (p.t - meanT) ** 2;
    sTU += (p.t - meanT) * (p.users - meanU);
  }
  if (sTT === 0) return null;
  const slope = sTU / sTT;
  const intercept = meanU - slope * meanT;

  const last = known.reduce((a, b) => (b.t > a.t ? b : a));
  const current = tierReachedBy(last.users, thresholds.users);
  const nextTier = TIER_IDS[TIER_IDS.indexOf(current) + 1] ?? null;
  const threshold = nextTier
    ? thresholds.users[nextTier as Exclude<TierId, 'single-vps'>]
    : null;

  let crossesOn: string | null = null;
  if (threshold !== null && slope > 0) {
    const day = (threshold - intercept) / slope;
    crossesOn = new Date(Math.max(day, last.t) * DAY_MS)
      .toISOString()
      .slice(0, 10);
  }
  return {
    usersPerDay: Math.round(slope * 100) / 100,
    nextTier,
    threshold,
    crossesOn,
  };
}
