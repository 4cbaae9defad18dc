import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EntityMetrics,
  scalingMetricsExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';
import request from 'supertest';
import { component } from '../__fixtures__/entities';
import { scalingPlugin } from '../plugin';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAM = 'group:default/payments';
const SCAN_TASK = 'scaling-org-scan';

/** The owners: a group with one member, and a user who owns a service directly. */
const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [], members: ['alice'] },
    relations: [{ type: 'hasMember', targetRef: ALICE }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['payments'] },
    relations: [{ type: 'memberOf', targetRef: TEAM }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob', namespace: 'default' },
    spec: { memberOf: [] },
  },
  // On a VPS: under-provisioned with 3,000 users, aligned with 200.
  component('cart', { 'scaling.io/platform': 'vps' }, { owner: TEAM }),
  // On managed cloud with a 99% SLA: breached when the measured uptime is below it.
  component(
    'ledger',
    { 'scaling.io/platform': 'ecs-fargate', 'scaling.io/uptime-sla': '99' },
    { owner: BOB },
  ),
  // On Kubernetes: its users forecast heads for the Kubernetes threshold when they grow.
  component('search', { 'scaling.io/platform': 'eks' }, { owner: TEAM }),
];

/** What the test's metrics provider measures at the next scan, per entity ref. */
const metrics = new Map<string, EntityMetrics>();

function measure(name: string, values: EntityMetrics) {
  const ref = `component:default/${name}`;
  metrics.set(ref, { ...metrics.get(ref), ...values });
}

const metricsModule = createBackendModule({
  pluginId: 'scaling',
  moduleId: 'test-metrics',
  register(reg) {
    reg.registerInit({
      deps: { extension: scalingMetricsExtensionPoint },
      async init({ extension }) {
        extension.addProvider({
          id: 'test',
          async getMetrics(entities) {
            return new Map(
              entities
                .filter(e => metrics.has(e.entityRef))
                .map(e => [e.entityRef, metrics.get(e.entityRef)!]),
            );
          },
        });
      },
    });
  },
});

function config(notifications: object) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: 'http://localhost:7007' },
    scaling: {
      scan: {
        schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
        // A snapshot at every scan: the forecast reads the history they build.
        snapshotInterval: { seconds: 0 },
      },
      notifications,
    },
  };
}

/**
 * A database per plugin, as a real backend has: the notifications backend and the scaling
 * plugin each run their own knex migrations.
 */
async function databasePerPlugin() {
  const knexes = new Map<string, Promise<Knex>>();
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const id = plugin.getId();
      if (!knexes.has(id)) knexes.set(id, databases.init('SQLITE_3'));
      return { getClient: () => knexes.get(id)! };
    },
  });
}

async function startBackend(notifications: object) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      metricsModule,
      notificationsPlugin,
      signalsPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      schedulerServiceFactory,
      await databasePerPlugin(),
      mockServices.rootConfig.factory({ data: config(notifications) }),
    ],
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startBackend>>;

interface ReceivedNotification {
  id: string;
  user: string;
  read?: string | null;
  updated?: string | null;
  payload: {
    title: string;
    description?: string;
    link?: string;
    topic?: string;
    severity?: string;
    scope?: string;
  };
}

const bearer = (user: string) => `Bearer ${mockCredentials.user.token(user)}`;

/** The user's notifications, as the notifications backend serves them to that user. */
async function inbox(server: Server, user: string) {
  const res = await request(server)
    .get('/api/notifications/notifications')
    .query({ topic: 'scaling' })
    .set('Authorization', bearer(user));
  expect(res.status).toBe(200);
  return res.body as {
    totalCount: number;
    notifications: ReceivedNotification[];
  };
}

async function sleep(ms: number) {
  await new Promise(resolve => setTimeout(resolve, ms));
}

async function scanTask(server: Server) {
  const res = await request(server)
    .get('/api/scaling/.backstage/scheduler/v1/tasks')
    .set('Authorization', `Bearer ${mockCredentials.service.token()}`);
  expect(res.status).toBe(200);
  return res.body.tasks.find((t: { taskId: string }) => t.taskId === SCAN_TASK)
    .taskState as { status: string; lastRunEndedAt?: string } | null;
}

async function lastScanStartedAt(server: Server): Promise<string | null> {
  const res = await request(server)
    .get('/api/scaling/overview')
    .set('Authorization', bearer(ALICE));
  return res.body.lastScan?.startedAt ?? null;
}

/**
 * Triggers the scheduled scan and waits until its run, notifications included, has ended:
 * a newer completed scan and the task idle again.
 */
async function scan(server: Server) {
  const before = await lastScanStartedAt(server);
  const trigger = await request(server)
    .post(`/api/scaling/.backstage/scheduler/v1/tasks/${SCAN_TASK}/trigger`)
    .set('Authorization', `Bearer ${mockCredentials.service.token()}`);
  expect(trigger.status).toBe(200);
  const until = Date.now() + 60_000;
  for (;;) {
    const startedAt = await lastScanStartedAt(server);
    const state = await scanTask(server);
    if (startedAt && startedAt !== before && state?.status === 'idle') return;
    if (Date.now() > until) throw new Error('the scan did not finish in time');
    await sleep(250);
  }
}

const byScope = (notifications: ReceivedNotification[]) =>
  Object.fromEntries(notifications.map(n => [n.payload.scope, n]));

describe('owner notifications after each scan, through the notifications backend', () => {
  beforeEach(() => metrics.clear());

  it('notifies each owner once per change, and again after the change clears and recurs', async () => {
    const server = await startBackend({
      enabled: true,
      horizonDays: 30,
    });

    measure('cart', { activeUsers: 3000 });
    measure('ledger', { activeUsers: 500, measuredUptime: 98.2 });
    measure('search', { activeUsers: 5000 });
    await scan(server);

    const alice1 = await inbox(server, ALICE);
    expect(alice1.totalCount).toBe(1);
    expect(alice1.notifications[0]).toMatchObject({
      user: ALICE,
      payload: {
        title: 'cart is under-provisioned: Managed Cloud recommended',
        description: expect.stringContaining(
          'cart runs on Single VPS; the Scaling Advisor recommends Managed Cloud for 3,000 active users.',
        ),
        link: '/catalog/default/component/cart/scaling',
        topic: 'scaling',
        severity: 'high',
        scope: 'scaling:component:default/cart:under-provisioned',
      },
    });
    const bob1 = await inbox(server, BOB);
    expect(bob1.totalCount).toBe(1);
    expect(bob1.notifications[0]).toMatchObject({
      user: BOB,
      payload: {
        title: 'ledger is breaching its uptime SLA',
        description: expect.stringContaining(
          'Measured uptime 98.2% (metric:test) is below the 99% SLA.',
        ),
        link: '/catalog/default/component/ledger/scaling',
        topic: 'scaling',
        severity: 'critical',
        scope: 'scaling:component:default/ledger:sla-breach',
      },
    });

    // Users of search grow fast: the forecast crosses the Kubernetes threshold within the
    // horizon. Nothing else changed: only the forecast is new.
    measure('search', { activeUsers: 8000 });
    await scan(server);
    const alice2 = await inbox(server, ALICE);
    expect(alice2.totalCount).toBe(2);
    const forecast = byScope(alice2.notifications)[
      'scaling:component:default/search:forecast:kubernetes'
    ];
    expect(forecast).toMatchObject({
      payload: {
        title: expect.stringMatching(
          /^search is forecast to need Kubernetes by \d{4}-\d{2}-\d{2}$/,
        ),
        description: expect.stringContaining(
          'forecast to reach 10,001, the Kubernetes threshold',
        ),
        link: '/catalog/default/component/search/scaling',
        topic: 'scaling',
        severity: 'normal',
      },
    });
    expect((await inbox(server, BOB)).totalCount).toBe(1);

    // The owners read them; a scan that finds the same sends nothing (nothing comes back
    // unread, nothing is added).
    for (const [user, box] of [
      [ALICE, alice2],
      [BOB, bob1],
    ] as const) {
      const res = await request(server)
        .post('/api/notifications/notifications/update')
        .set('Authorization', bearer(user))
        .send({ ids: box.notifications.map(n => n.id), read: true });
      expect(res.status).toBe(200);
    }
    await scan(server);
    const alice3 = await inbox(server, ALICE);
    const bob3 = await inbox(server, BOB);
    expect(alice3.totalCount).toBe(2);
    expect(bob3.totalCount).toBe(1);
    expect(
      [...alice3.notifications, ...bob3.notifications].map(n => !!n.read),
    ).toEqual([true, true, true]);

    // Both conditions clear: nothing is sent.
    measure('cart', { activeUsers: 200 });
    measure('ledger', { measuredUptime: 99.95 });
    await scan(server);
    expect((await inbox(server, ALICE)).notifications.every(n => n.read)).toBe(
      true,
    );
    expect((await inbox(server, BOB)).notifications.every(n => n.read)).toBe(
      true,
    );

    // And recur: each owner is notified again (the notifications backend dedupes on the
    // scope, so the same notification comes back unread).
    measure('cart', { activeUsers: 3000 });
    measure('ledger', { measuredUptime: 97 });
    await scan(server);
    const alice5 = byScope((await inbox(server, ALICE)).notifications);
    expect(
      alice5['scaling:component:default/cart:under-provisioned'],
    ).toMatchObject({ read: null, updated: expect.anything() });
    expect(
      alice5['scaling:component:default/search:forecast:kubernetes'].read,
    ).toEqual(expect.anything());
    const bob5 = (await inbox(server, BOB)).notifications;
    expect(bob5).toHaveLength(1);
    expect(bob5[0]).toMatchObject({
      read: null,
      payload: {
        description: expect.stringContaining(
          'Measured uptime 97% (metric:test)',
        ),
      },
    });
  });

  it('tells the owner when a practice of its tier starts failing, and again when it fails again', async () => {
    const server = await startBackend({ enabled: true, horizonDays: 30 });
    // cart on a VPS, with few users: only its measured uptime, below the guide's 95%, is news.
    measure('cart', { activeUsers: 200, measuredUptime: 94 });
    await scan(server);
    const first = (await inbox(server, ALICE)).notifications;
    expect(first).toHaveLength(1);
    expect(first[0].payload).toMatchObject({
      title:
        'cart no longer follows a practice on Single VPS: Uptime of 95% or more',
      link: '/catalog/default/component/cart/scaling',
      severity: 'normal',
      scope: 'scaling:component:default/cart:practices:uptime-95',
    });
    const read = await request(server)
      .post('/api/notifications/notifications/update')
      .set('Authorization', bearer(ALICE))
      .send({ ids: first.map(n => n.id), read: true });
    expect(read.status).toBe(200);

    // Fixed: nothing is sent. Failing again: told again.
    measure('cart', { measuredUptime: 96 });
    await scan(server);
    expect((await inbox(server, ALICE)).notifications.every(n => n.read)).toBe(
      true,
    );
    measure('cart', { measuredUptime: 93 });
    await scan(server);
    const again = (await inbox(server, ALICE)).notifications;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({
      read: null,
      payload: { scope: 'scaling:component:default/cart:practices:uptime-95' },
    });
  });

  it('sends nothing unless scaling.notifications.enabled is true', async () => {
    const server = await startBackend({
      horizonDays: 30,
    });
    measure('cart', { activeUsers: 3000 });
    measure('ledger', { activeUsers: 500, measuredUptime: 98.2 });
    await scan(server);
    expect(await inbox(server, ALICE)).toEqual({
      totalCount: 0,
      notifications: [],
    });
    expect((await inbox(server, BOB)).totalCount).toBe(0);
  });

  it('fails the startup on an invalid horizonDays, naming the key and the value', async () => {
    await expect(
      startBackend({
        enabled: true,
        horizonDays: 0,
      }),
    ).rejects.toThrow(
      'Invalid config scaling.notifications.horizonDays: expected a whole number of days from 1 to 3650, got 0',
    );
  });
});
