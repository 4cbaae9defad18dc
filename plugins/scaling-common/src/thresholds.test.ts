import {
  DEFAULT_THRESHOLDS,
  InvalidThresholdsError,
  resolveThresholds,
} from './thresholds';

describe('resolveThresholds', () => {
  it('returns the scaling guide defaults without config', () => {
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    expect(resolveThresholds({})).toEqual(DEFAULT_THRESHOLDS);
  });

  it('overrides single values and keeps the rest', () => {
    const t = resolveThresholds({
      thresholds: {
        users: { kubernetes: 20000 },
        budgetFloorUsd: { enterprise: '8000' },
      },
      kubernetesGate: { minCriteria: 4 },
    });
    expect(t.users).toEqual({
      'managed-cloud': 1000,
      kubernetes: 20000,
      enterprise: 50001,
    });
    expect(t.budgetFloorUsd.enterprise).toBe(8000);
    expect(t.kubernetesGate).toEqual({
      minCriteria: 4,
      microservicesMinServices: 5,
    });
  });

  it.each([
    [
      { thresholds: { users: { kubernetes: 'lots' } } },
      'Invalid config scaling.thresholds.users.kubernetes: expected a number, got "lots"',
    ],
    [
      { thresholds: { users: { enterprise: 5000 } } },
      'Invalid config scaling.thresholds.users.enterprise: must be greater than scaling.thresholds.users.kubernetes (10001) so that tiers stay in order, got 5000',
    ],
    [
      { thresholds: { sla: { managedCloud: 101 } } },
      'Invalid config scaling.thresholds.sla.managedCloud: expected a percentage above 0 and at most 100, got 101',
    ],
    [
      { thresholds: { budgetFloorUsd: { managedCloud: -1 } } },
      'Invalid config scaling.thresholds.budgetFloorUsd.managedCloud: expected a number of at least 0, got -1',
    ],
    [
      { kubernetesGate: { minCriteria: 8 } },
      'Invalid config scaling.kubernetesGate.minCriteria: expected a whole number from 0 to 7, got 8',
    ],
    [
      { thresholds: { users: { managedCloud: 10.5 } } },
      'Invalid config scaling.thresholds.users.managedCloud: expected a whole number of at least 0, got 10.5',
    ],
  ])('rejects %j naming the key', (config, message) => {
    expect(() => resolveThresholds(config as any)).toThrow(
      InvalidThresholdsError,
    );
    expect(() => resolveThresholds(config as any)).toThrow(message);
  });
});
