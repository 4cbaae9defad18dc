import { ConfigReader } from '@backstage/config';
import { readScalingConfig } from './config';

const scanOf = (scan?: object) =>
  readScalingConfig(new ConfigReader(scan ? { scaling: { scan } } : {})).scan;

describe('scaling.scan', () => {
  it('defaults to a scan every 30 minutes and a snapshot a day per unchanged entity', () => {
    expect(scanOf()).toMatchObject({
      staleAfterMs: 3_600_000,
      pageSize: 500,
      filter: { kind: 'Component' },
      retentionDays: 90,
      snapshotIntervalMs: 86_400_000,
    });
  });

  it.each([
    [{ hours: 6 }, 21_600_000],
    ['PT30M', 1_800_000],
    [{ seconds: 0 }, 0],
  ])('reads snapshotInterval %j', (snapshotInterval, ms) => {
    expect(scanOf({ snapshotInterval }).snapshotIntervalMs).toBe(ms);
  });

  it.each([
    [{ snapshotInterval: 'soon' }, /scaling\.scan\.snapshotInterval.*soon/],
    [{ snapshotInterval: { hours: -1 } }, /scaling\.scan\.snapshotInterval/],
    [
      { snapshotInterval: { days: 8 }, retentionDays: 7 },
      /scaling\.scan\.snapshotInterval.*retentionDays \(7 days\)/,
    ],
    [{ pageSize: 0 }, /scaling\.scan\.pageSize.*got 0/],
    [{ retentionDays: 1.5 }, /scaling\.scan\.retentionDays.*got 1\.5/],
  ])('rejects %j naming the key and the value', (scan, message) => {
    expect(() => scanOf(scan)).toThrow(message);
  });
});
