import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  AuditorServiceCreateEventOptions,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionBackend from '@backstage/plugin-permission-backend';
import { OverviewResponse } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  scalingEvidenceExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';
import request from 'supertest';
import { FIXTURE_ENTITIES } from '../__fixtures__/entities';
import { scalingPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ALICE = `Bearer ${mockCredentials.user.token('user:default/alice')}`;
const BOB = `Bearer ${mockCredentials.user.token('user:default/bob')}`;

/** The org's policy: only alice may start a scan; everything else is allowed. */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (req.permission.name !== 'scaling.scan.create') {
              return { result: AuthorizeResult.ALLOW };
            }
            return {
              result:
                user?.info.userEntityRef === 'user:default/alice'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          },
        });
      },
    });
  },
});

/** Holds every scan inside its evidence step until released: a scan that is still running. */
function gate() {
  let release: () => void = () => {};
  let opened = Promise.resolve();
  return {
    hold() {
      opened = new Promise(resolve => {
        release = resolve;
      });
    },
    release: () => release(),
    module: createBackendModule({
      pluginId: 'scaling',
      moduleId: 'test-gate',
      register(reg) {
        reg.registerInit({
          deps: { evidence: scalingEvidenceExtensionPoint },
          async init({ evidence }) {
            evidence.addProvider({
              id: 'gate',
              timeoutMs: 50_000,
              async getEvidence() {
                await opened;
                return new Map<string, EntityEvidence>();
              },
            });
          },
        });
      },
    }),
  };
}

type RecordedEvent = {
  eventId: string;
  outcome?: 'succeeded' | 'failed';
  meta?: Record<string, unknown>;
  error?: string;
};

/** The audit events the plugin emitted, in order. */
function recordingAuditor() {
  const events: RecordedEvent[] = [];
  const auditor = mockServices.auditor.mock({
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const event: RecordedEvent = {
        eventId: options.eventId,
        meta: options.meta as Record<string, unknown>,
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = 'succeeded';
          event.meta = { ...event.meta, ...o?.meta };
        },
        async fail(o) {
          event.outcome = 'failed';
          event.meta = { ...event.meta, ...o.meta };
          event.error = o.error.message;
        },
      };
    },
  });
  return { events, auditor };
}

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('POST /api/scaling/scans with the permission backend', () => {
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const held = gate();
  const { events, auditor } = recordingAuditor();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        scalingPlugin,
        held.module,
        permissionBackend,
        policyModule,
        schedulerServiceFactory,
        auditor.factory,
        catalogServiceMock.factory({ entities: FIXTURE_ENTITIES }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            scaling: {
              scan: {
                // Only scans asked for run: nothing scheduled interferes.
                schedule: {
                  frequency: { trigger: 'manual' },
                  timeout: { seconds: 30 },
                },
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => held.release());

  const scanRow = async (id: string) =>
    (await knex('scaling_scans').where({ id }))[0];

  it('answers 401 without credentials', async () => {
    const res = await request(server).post('/api/scaling/scans');
    expect(res.status).toBe(401);
  });

  it('answers 403 to a caller the policy denies, and starts nothing', async () => {
    const res = await request(server)
      .post('/api/scaling/scans')
      .set('Authorization', BOB);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('scaling.scan.create'),
    });
    expect(await knex('scaling_scans').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(events.filter(e => e.eventId === 'scan-trigger')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        meta: { outcome: 'denied' },
      }),
    ]);
  });

  it('starts a scan (202 with its id), refuses a second one while it runs (409), and the overview shows it when done', async () => {
    held.hold();
    const started = await request(server)
      .post('/api/scaling/scans')
      .set('Authorization', ALICE);
    expect(started.status).toBe(202);
    const { scanId } = started.body;
    expect(scanId).toEqual(expect.any(String));
    expect(started.headers.location).toBe(`/api/scaling/scans/${scanId}`);
    expect(await scanRow(scanId)).toBeDefined();

    // Requested, not yet started by the scheduler: already in the way.
    const early = await request(server)
      .post('/api/scaling/scans')
      .set('Authorization', ALICE);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain(scanId);

    // The scheduled task's run adopted the row the request claimed.
    await waitFor(async () =>
      (await scanRow(scanId)).status === 'running' ? true : undefined,
    );
    const whileRunning = await request(server)
      .post('/api/scaling/scans')
      .set('Authorization', ALICE);
    expect(whileRunning.status).toBe(409);
    expect(whileRunning.body.error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('A scan is already running'),
    });
    // Following a scan needs the same permission: its entity count covers the whole catalog.
    const denied = await request(server)
      .get(`/api/scaling/scans/${scanId}`)
      .set('Authorization', BOB);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ name: 'NotAllowedError' });
    const status = await request(server)
      .get(`/api/scaling/scans/${scanId}`)
      .set('Authorization', ALICE);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ scanId, status: 'running' });

    held.release();
    const overview = await waitFor(async () => {
      const res = await request(server)
        .get('/api/scaling/overview')
        .set('Authorization', ALICE);
      return res.body.lastScan ? (res.body as OverviewResponse) : undefined;
    });
    const row = await scanRow(scanId);
    expect(row.status).toBe('completed');
    expect(overview.lastScan).toMatchObject({
      startedAt: new Date(
        typeof row.started_at === 'number'
          ? row.started_at
          : Date.parse(row.started_at),
      ).toISOString(),
      entities: 7,
      stale: false,
    });
    // One row only: the run adopted the claim instead of writing its own.
    expect(await knex('scaling_scans').count({ n: '*' })).toEqual([{ n: 1 }]);
    const done = await request(server)
      .get(`/api/scaling/scans/${scanId}`)
      .set('Authorization', ALICE);
    expect(done.body).toMatchObject({
      scanId,
      status: 'completed',
      entities: 7,
      durationMs: expect.any(Number),
    });

    expect(
      events.filter(e => e.eventId === 'scan-trigger').map(e => e.meta),
    ).toEqual([
      { outcome: 'denied' },
      { outcome: 'started', scanId },
      { outcome: 'conflict', runningScanId: scanId },
      { outcome: 'conflict', runningScanId: scanId },
    ]);
    expect(events.filter(e => e.eventId === 'scan')).toEqual([
      {
        eventId: 'scan',
        outcome: 'succeeded',
        meta: { scanId, entities: 7, durationMs: expect.any(Number) },
      },
    ]);
  });

  it('starts the next scan once the last one finished', async () => {
    const res = await request(server)
      .post('/api/scaling/scans')
      .set('Authorization', ALICE);
    expect(res.status).toBe(202);
    await waitFor(async () =>
      (await scanRow(res.body.scanId)).status === 'completed'
        ? true
        : undefined,
    );
  });

  it('answers 404 for an unknown scan id', async () => {
    const res = await request(server)
      .get('/api/scaling/scans/nope')
      .set('Authorization', ALICE);
    expect(res.status).toBe(404);
  });
});
