import { forecastUsers } from './forecast';
import { DEFAULT_THRESHOLDS } from './thresholds';

const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();

describe('forecastUsers', () => {
  it('finds the day a growing service crosses into the next tier', () => {
    // 8,000 users growing by 100 a day: 10,001 is reached 20.01 days after day 0.
    const points = [0, 5, 10].map(d => ({
      time: day(d),
      activeUsers: 8000 + 100 * d,
    }));
    expect(forecastUsers(points, DEFAULT_THRESHOLDS)).toEqual({
      usersPerDay: 100,
      nextTier: 'kubernetes',
      threshold: 10001,
      crossesOn: '2026-01-21',
    });
  });

  it('says null for the crossing when flat or shrinking', () => {
    const flat = forecastUsers(
      [
        { time: day(0), activeUsers: 500 },
        { time: day(3), activeUsers: 500 },
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(flat).toEqual({
      usersPerDay: 0,
      nextTier: 'managed-cloud',
      threshold: 1000,
      crossesOn: null,
    });
    const shrinking = forecastUsers(
      [
        { time: day(0), activeUsers: 900 },
        { time: day(3), activeUsers: 600 },
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(shrinking?.usersPerDay).toBe(-100);
    expect(shrinking?.crossesOn).toBeNull();
  });

  it('fits through noise by least squares', () => {
    const f = forecastUsers(
      [
        { time: day(0), activeUsers: 100 },
        { time: day(1), activeUsers: 300 },
        { time: day(2), activeUsers: 200 },
        { time: day(3), activeUsers: 400 },
      ],
      DEFAULT_THRESHOLDS,
    );
    // slope = 80/day; line 130 + 80·d reaches 1,000 at d = 10.875
    expect(f).toEqual({
      usersPerDay: 80,
      nextTier: 'managed-cloud',
      threshold: 1000,
      crossesOn: '2026-01-11',
    });
  });

  it('has no next tier above enterprise and needs two points', () => {
    const top = forecastUsers(
      [
        { time: day(0), activeUsers: 60000 },
        { time: day(1), activeUsers: 70000 },
      ],
      DEFAULT_THRESHOLDS,
    );
    expect(top).toEqual({
      usersPerDay: 10000,
      nextTier: null,
      threshold: null,
      crossesOn: null,
    });
    expect(
      forecastUsers([{ time: day(0), activeUsers: 5 }], DEFAULT_THRESHOLDS),
    ).toBeNull();
    expect(
      forecastUsers(
        [
          { time: day(0), activeUsers: null },
          { time: day(1), activeUsers: 5 },
        ],
        DEFAULT_THRESHOLDS,
      ),
    ).toBeNull();
  });
});
