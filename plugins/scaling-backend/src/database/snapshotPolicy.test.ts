import { SnapshotPolicy, SnapshotValues, snapshotKey } from './snapshotPolicy';

const values: SnapshotValues = {
  current_tier: 'single-vps',
  recommended_tier: 'managed-cloud',
  status: 'under-provisioned',
  readiness_score: 40,
};
const day = 86_400_000;
const start = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(start.getTime() + ms);

describe('SnapshotPolicy', () => {
  it('is due for an entity without a snapshot', () => {
    expect(
      new SnapshotPolicy(day).isDue(
        'component:default/a',
        values,
        start,
        undefined,
      ),
    ).toBe(true);
  });

  it('is due at once when the tiers, status or score change', () => {
    const policy = new SnapshotPolicy(day);
    const previous = { key: snapshotKey(values), at: start };
    for (const changed of [
      { current_tier: 'managed-cloud' },
      { recommended_tier: 'kubernetes' },
      { status: 'aligned' },
      { readiness_score: 41 },
    ]) {
      expect(
        policy.isDue(
          'component:default/a',
          { ...values, ...changed },
          later(1000),
          previous,
        ),
      ).toBe(true);
    }
    expect(
      policy.isDue('component:default/a', values, later(1000), previous),
    ).toBe(false);
  });

  it('is due for an unchanged entity once per interval, at most an interval apart', () => {
    const policy = new SnapshotPolicy(day);
    const previous = { key: snapshotKey(values), at: start };
    expect(
      policy.isDue('component:default/a', values, later(day), previous),
    ).toBe(true);
    // Whatever its offset, within the same interval it is never due twice.
    const firstDue = Array.from({ length: 48 }, (_, k) =>
      later((k + 1) * 30 * 60_000),
    ).find(t => policy.isDue('component:default/a', values, t, previous));
    expect(firstDue).toBeDefined();
    expect(firstDue!.getTime() - start.getTime()).toBeLessThanOrEqual(day);
    expect(
      policy.isDue(
        'component:default/a',
        values,
        new Date(firstDue!.getTime() + 30 * 60_000),
        { key: snapshotKey(values), at: firstDue! },
      ),
    ).toBe(false);
  });

  it('spreads the entities over the interval', () => {
    const policy = new SnapshotPolicy(day);
    const previous = { key: snapshotKey(values), at: start };
    const firstDue = new Set(
      Array.from({ length: 40 }, (_, i) =>
        Array.from({ length: 48 }, (__, k) => later((k + 1) * 30 * 60_000))
          .find(t =>
            policy.isDue(`component:default/svc-${i}`, values, t, previous),
          )!
          .getTime(),
      ),
    );
    expect(firstDue.size).toBeGreaterThanOrEqual(15);
  });

  it('is due at every scan with an interval of 0', () => {
    const policy = new SnapshotPolicy(0);
    expect(
      policy.isDue('component:default/a', values, later(1), {
        key: snapshotKey(values),
        at: start,
      }),
    ).toBe(true);
  });
});
