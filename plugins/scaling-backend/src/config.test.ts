import { ConfigReader } from '@backstage/config';
import { readScalingConfig } from './config';

const scanOf = (scan?: object) =>
  readScalingConfig(new ConfigReader(scan ? { scaling: { scan } } : {})).scan;

describe('scaling.scan', () => {
  it('defaults to a scan every 30 minutes and a snapshot a day per unchanged entity', () => {
    expect(scanOf()).toMatchObject({
      staleAfterMs: 3_600_000,
      pageSize: 500,
      // Only deployed Components are paged.
      filter: { kind: 'Component', 'spec.type': ['service', 'website'] },
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

describe('scaling.defaults and scaling.deployableTypes', () => {
  const rulesOf = (scaling: object) =>
    readScalingConfig(new ConfigReader({ scaling })).rules;

  it('reads the org policy in the form of the docs', () => {
    const { policy } = rulesOf({
      defaults: [
        {
          filter: { 'spec.lifecycle': 'production' },
          annotations: { 'scaling.io/uptime-sla': '99.9' },
        },
        {
          filter: { 'spec.lifecycle': 'experimental' },
          annotations: { 'scaling.io/uptime-sla': '99' },
        },
      ],
    });
    expect(policy.map(r => [r.index, r.values.uptimeSla?.value])).toEqual([
      [0, 99.9],
      [1, 99],
    ]);
  });

  it('stops startup on a bad rule, naming its index and key', () => {
    expect(() =>
      rulesOf({
        defaults: [
          {
            filter: { kind: 'Component' },
            annotations: { 'scaling.io/uptime-sla': '99' },
          },
          {
            filter: { kind: 'Component' },
            annotations: { 'scaling.io/monthly-budget-usd': 'cheap' },
          },
        ],
      }),
    ).toThrow(
      /Invalid config scaling\.defaults\[1\]\.annotations\["scaling\.io\/monthly-budget-usd"\].*'cheap'/,
    );
  });

  it('reads the deployable types, which narrow the scan to them', () => {
    const config = readScalingConfig(
      new ConfigReader({
        scaling: { deployableTypes: ['service', 'batch-job'] },
      }),
    );
    expect(config.rules.deployableTypes).toEqual(['service', 'batch-job']);
    expect(config.scan.filter).toEqual({
      kind: 'Component',
      'spec.type': ['service', 'batch-job'],
    });
  });

  it('leaves a scan filter alone that names its own types or kinds', () => {
    expect(
      scanOf({ filter: { kind: ['Component', 'Resource'] } }).filter,
    ).toEqual({
      kind: ['Component', 'Resource'],
    });
  });

  it.each([[[]], ['service'], [[1]]])(
    'rejects deployableTypes %j',
    deployableTypes => {
      expect(() => rulesOf({ deployableTypes })).toThrow(
        /Invalid config scaling\.deployableTypes/,
      );
    },
  );
});
