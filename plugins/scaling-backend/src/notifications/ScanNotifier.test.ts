import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DEFAULT_THRESHOLDS,
  OverviewItem,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { migrateStore } from '../database/migrateStore';
import { ScalingStore } from '../database/ScalingStore';
import { NotificationStateStore } from './NotificationStateStore';
import { ScanNotifier } from './ScanNotifier';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const CART: OverviewItem = {
  entityRef: 'component:default/cart',
  name: 'cart',
  kind: 'Component',
  owner: 'group:default/payments',
  system: null,
  currentTier: 'single-vps',
  recommendedTier: 'managed-cloud',
  status: 'under-provisioned',
  readinessScore: 50,
  activeUsers: null,
  findings: [],
  blockers: [],
  practicesScore: null,
  practices: null,
  rightSizingSaving: null,
};

/** The latest rows the scan stored: only what the notifier reads of the store. */
function latest(items: OverviewItem[]): ScalingStore {
  return {
    listLatestKeys: async () => items.map(i => ({ entityRef: i.entityRef })),
    getLatestItems: async (refs: string[]) =>
      refs.map(ref => items.find(i => i.entityRef === ref)!),
    history: async () => [],
  } as unknown as ScalingStore;
}

describe('ScanNotifier', () => {
  it('retries at the next scan a notification that could not be sent', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateStore(knex);
    const sent: NotificationSendOptions[] = [];
    let failing = true;
    const notifier = new ScanNotifier({
      store: latest([CART]),
      state: new NotificationStateStore(knex),
      notifications: {
        async send(options) {
          if (failing) throw new Error('notifications backend unavailable');
          sent.push(options);
        },
      },
      logger: mockServices.logger.mock(),
      thresholds: DEFAULT_THRESHOLDS,
      config: { enabled: true, horizonDays: 30 },
      retentionDays: 90,
    });

    expect(await notifier.notifyAfterScan()).toEqual({
      sent: 0,
      reset: 0,
      failed: 1,
    });
    failing = false;
    expect(await notifier.notifyAfterScan()).toEqual({
      sent: 1,
      reset: 0,
      failed: 0,
    });
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/payments' },
        payload: expect.objectContaining({
          title: 'cart is under-provisioned: Managed Cloud recommended',
          severity: 'high',
        }),
      },
    ]);
    expect(await notifier.notifyAfterScan()).toEqual({
      sent: 0,
      reset: 0,
      failed: 0,
    });
  });
});
