import { ConfigReader } from '@backstage/config';
import { readNotificationsConfig } from './config';
import {
  ChangeKind,
  conditionsOf,
  decide,
  forecastCrossesWithin,
  payloadOf,
  scalingTabLink,
} from './decide';

const NOW = new Date('2026-12-01T12:00:00Z');
const OPTIONS = { now: NOW, horizonDays: 30 };

const SLA_BREACH = {
  id: 'sla-breach' as const,
  severity: 'critical' as const,
  message: 'Measured uptime 99.5% (metric:test) is below the 99.9% SLA.',
};

const ITEM = {
  entityRef: 'component:default/cart',
  name: 'cart',
  currentTier: 'single-vps' as const,
  recommendedTier: 'managed-cloud' as const,
  activeUsers: 3000,
  findings: [],
};

function forecast(crossesOn: string | null, nextTier = 'kubernetes' as const) {
  return { usersPerDay: 120, nextTier, threshold: 10001, crossesOn };
}

function state(entries: Array<[ChangeKind, string]>) {
  return new Map(entries);
}

describe('conditionsOf', () => {
  it('finds an SLA breach, an under-provisioned status and a forecast in the horizon', () => {
    expect(
      conditionsOf(
        { status: 'under-provisioned', findings: [SLA_BREACH] },
        forecast('2026-12-20'),
        OPTIONS,
      ),
    ).toEqual([
      { kind: 'sla-breach', value: '' },
      { kind: 'under-provisioned', value: '' },
      { kind: 'forecast', value: 'kubernetes' },
    ]);
  });

  it('finds the practices not followed, sorted, as one condition', () => {
    expect(
      conditionsOf(
        {
          status: 'aligned',
          findings: [],
          practices: {
            passed: ['probes'],
            failed: ['rbac', 'disruption-budget'],
            unknown: ['cache'],
          },
        },
        null,
        OPTIONS,
      ),
    ).toEqual([{ kind: 'practices', value: 'disruption-budget,rbac' }]);
  });

  it('finds nothing for an aligned service with a far or no forecast', () => {
    expect(
      conditionsOf(
        { status: 'aligned', findings: [] },
        forecast('2027-06-01'),
        OPTIONS,
      ),
    ).toEqual([]);
    expect(
      conditionsOf(
        { status: 'over-provisioned', findings: [] },
        forecast(null),
        OPTIONS,
      ),
    ).toEqual([]);
    expect(
      conditionsOf({ status: 'aligned', findings: [] }, null, OPTIONS),
    ).toEqual([]);
  });

  it('counts the horizon in whole days from now', () => {
    expect(forecastCrossesWithin(forecast('2026-12-31'), OPTIONS)).toBe(true);
    expect(forecastCrossesWithin(forecast('2027-01-01'), OPTIONS)).toBe(false);
    expect(
      forecastCrossesWithin(forecast('2027-01-01'), {
        now: NOW,
        horizonDays: 31,
      }),
    ).toBe(true);
    expect(
      forecastCrossesWithin(
        {
          usersPerDay: 5,
          nextTier: null,
          threshold: null,
          crossesOn: '2026-12-02',
        },
        OPTIONS,
      ),
    ).toBe(false);
  });
});

describe('decide', () => {
  const underProvisioned = { kind: 'under-provisioned' as const, value: '' };

  it('notifies a condition seen for the first time', () => {
    expect(decide([underProvisioned], state([]))).toEqual({
      notify: [underProvisioned],
      update: [],
      reset: [],
    });
  });

  it('sends nothing again while the notified condition holds', () => {
    expect(
      decide([underProvisioned], state([['under-provisioned', '']])),
    ).toEqual({
      notify: [],
      update: [],
      reset: [],
    });
  });

  it('resets a notified condition that cleared, so that a recurrence notifies again', () => {
    const cleared = decide([], state([['under-provisioned', '']]));
    expect(cleared).toEqual({
      notify: [],
      update: [],
      reset: ['under-provisioned'],
    });
    expect(decide([underProvisioned], state([]))).toEqual({
      notify: [underProvisioned],
      update: [],
      reset: [],
    });
  });

  it('notifies a forecast that now crosses into another tier', () => {
    const enterprise = { kind: 'forecast' as const, value: 'enterprise' };
    expect(decide([enterprise], state([['forecast', 'kubernetes']]))).toEqual({
      notify: [enterprise],
      update: [],
      reset: [],
    });
  });

  it('keeps each kind apart', () => {
    const breach = { kind: 'sla-breach' as const, value: '' };
    expect(
      decide(
        [breach],
        state([
          ['under-provisioned', ''],
          ['forecast', 'kubernetes'],
        ]),
      ),
    ).toEqual({
      notify: [breach],
      update: [],
      reset: ['under-provisioned', 'forecast'],
    });
  });

  it('tells of a practice that starts failing once, records one fixed silently, and tells again when it fails again', () => {
    const failing = (ids: string[]) => ({
      kind: 'practices' as const,
      value: ids.join(','),
    });
    // First scan: both failing practices are news.
    expect(decide([failing(['network-policy', 'probes'])], state([]))).toEqual({
      notify: [
        {
          ...failing(['network-policy', 'probes']),
          started: ['network-policy', 'probes'],
        },
      ],
      update: [],
      reset: [],
    });
    // Probes fixed: recorded, nothing sent.
    expect(
      decide(
        [failing(['network-policy'])],
        state([['practices', 'network-policy,probes']]),
      ),
    ).toEqual({ notify: [], update: [failing(['network-policy'])], reset: [] });
    // Probes failing again: only probes is news.
    expect(
      decide(
        [failing(['network-policy', 'probes'])],
        state([['practices', 'network-policy']]),
      ),
    ).toEqual({
      notify: [
        { ...failing(['network-policy', 'probes']), started: ['probes'] },
      ],
      update: [],
      reset: [],
    });
    // All fixed: reset.
    expect(
      decide([], state([['practices', 'network-policy,probes']])).reset,
    ).toEqual(['practices']);
  });
});

describe('payloadOf', () => {
  it('names the service and the change, links its Scaling tab, and scopes per change', () => {
    expect(
      payloadOf(ITEM, { kind: 'under-provisioned', value: '' }, null, 30),
    ).toEqual({
      title: 'cart is under-provisioned: Managed Cloud recommended',
      description:
        'cart runs on Single VPS; the Scaling Advisor recommends Managed Cloud for 3,000 active users. Open the Scaling tab for the readiness checklist and migration path.',
      link: '/catalog/default/component/cart/scaling',
      topic: 'scaling',
      severity: 'high',
      scope: 'scaling:component:default/cart:under-provisioned',
    });
    expect(
      payloadOf(
        { ...ITEM, findings: [SLA_BREACH] },
        { kind: 'sla-breach', value: '' },
        null,
        30,
      ),
    ).toMatchObject({
      title: 'cart is breaching its uptime SLA',
      description: expect.stringContaining(SLA_BREACH.message),
      severity: 'critical',
      scope: 'scaling:component:default/cart:sla-breach',
    });
    expect(
      payloadOf(
        ITEM,
        { kind: 'forecast', value: 'kubernetes' },
        forecast('2026-12-20'),
        30,
      ),
    ).toEqual({
      title: 'cart is forecast to need Kubernetes by 2026-12-20',
      description:
        'At the current growth (+120 a day), active users of cart are forecast to reach 10,001, the Kubernetes threshold, on 2026-12-20: within the next 30 days. Open the Scaling tab to plan the move.',
      link: '/catalog/default/component/cart/scaling',
      topic: 'scaling',
      severity: 'normal',
      scope: 'scaling:component:default/cart:forecast:kubernetes',
    });
  });

  it('names the practices that started failing, and how many others still fail', () => {
    expect(
      payloadOf(
        { ...ITEM, currentTier: 'kubernetes' },
        {
          kind: 'practices',
          value: 'disruption-budget,network-policy,probes',
          started: ['disruption-budget'],
        },
        null,
        30,
      ),
    ).toEqual({
      title:
        'cart no longer follows a practice on Kubernetes: Pod Disruption Budget',
      description:
        "cart does not follow Pod Disruption Budget (and 2 other practices already reported): the scaling guide's best practices for Kubernetes. Open the Scaling tab for how to fix each.",
      link: '/catalog/default/component/cart/scaling',
      topic: 'scaling',
      severity: 'normal',
      scope: 'scaling:component:default/cart:practices:disruption-budget',
    });
  });

  it('lowercases kind and namespace in the link as the catalog routes do', () => {
    expect(scalingTabLink('Component:Payments/Ledger')).toBe(
      '/catalog/payments/component/Ledger/scaling',
    );
  });
});

describe('readNotificationsConfig', () => {
  const read = (notifications: unknown) =>
    readNotificationsConfig(new ConfigReader({ notifications } as any));

  it('is off with a 30-day horizon by default', () => {
    expect(readNotificationsConfig(undefined)).toEqual({
      enabled: false,
      horizonDays: 30,
    });
    expect(read({})).toEqual({ enabled: false, horizonDays: 30 });
    expect(read({ enabled: true, horizonDays: 14 })).toEqual({
      enabled: true,
      horizonDays: 14,
    });
  });

  it.each([0, -3, 2.5, 'soon', 4000])(
    'rejects horizonDays %p, naming the key and the value',
    value => {
      expect(() => read({ enabled: true, horizonDays: value })).toThrow(
        `Invalid config scaling.notifications.horizonDays: expected a whole number of days from 1 to 3650, got ${JSON.stringify(value)}`,
      );
    },
  );

  it('rejects an enabled that is not a boolean', () => {
    expect(() => read({ enabled: 'yes' })).toThrow(
      'Invalid config scaling.notifications.enabled: expected true or false, got "yes"',
    );
  });
});
