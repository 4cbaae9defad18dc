import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  OverviewItem,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  scalingEvidenceExtensionPoint,
  scalingMetricsExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { FIXTURE_ENTITIES } from '../__fixtures__/entities';
import {
  recordingLogger,
  scanNow,
  USER,
  startFaultBackend,
} from './__testUtils__/faultHarness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Each provider's deadline. */
const DEADLINE_MS = 500;

/** Providers that never answer and ignore their abort signal; what they were asked. */
function hungProviders() {
  const asked = { metrics: 0, evidence: 0 };
  const signals: AbortSignal[] = [];
  const module = createBackendModule({
    pluginId: 'scaling',
    moduleId: 'hung',
    register(reg) {
      reg.registerInit({
        deps: {
          metrics: scalingMetricsExtensionPoint,
          evidence: scalingEvidenceExtensionPoint,
        },
        async init({ metrics, evidence }) {
          metrics.addProvider({
            id: 'hung-metrics',
            timeoutMs: DEADLINE_MS,
            getMetrics(_entities, { signal }) {
              asked.metrics += 1;
              signals.push(signal);
              return new Promise(() => {});
            },
          });
          evidence.addProvider({
            id: 'hung-evidence',
            timeoutMs: DEADLINE_MS,
            getEvidence(_entities, { signal }) {
              asked.evidence += 1;
              signals.push(signal);
              return new Promise(() => {});
            },
          });
        },
      });
    },
  });
  return { asked, signals, module };
}

function findingIds(item: OverviewItem) {
  return item.findings.map(f => f.id);
}

describe('a scan with metrics and evidence providers that hang', () => {
  it('completes at the providers’ deadline, falls back for every entity, and so does the next scan', async () => {
    const knex = await databases.init('SQLITE_3');
    const hung = hungProviders();
    const logs = recordingLogger();
    const { server } = await startFaultBackend({
      features: [
        hung.module,
        logs.factory,
        catalogServiceMock.factory({ entities: FIXTURE_ENTITIES }),
        mockServices.database.factory({ knex }),
      ],
      scan: {
        schedule: {
          frequency: { trigger: 'manual' },
          timeout: { seconds: 30 },
        },
        // Seven Components: two pages, each waiting for its providers' deadline.
        pageSize: 4,
      },
    });

    for (const round of [1, 2]) {
      const { scan, ms } = await scanNow(server, 20_000);
      expect(scan).toMatchObject({ status: 'completed', entities: 7 });
      // The wall time includes the scheduler picking the triggered task up (seconds).
      expect(ms).toBeLessThan(15_000);
      const [row] = await knex('scaling_scans').where({ id: scan.scanId });
      const durationMs = Number(row.duration_ms);
      // Each page waited for the deadline, and not for the hang.
      expect(durationMs).toBeGreaterThanOrEqual(DEADLINE_MS);
      expect(durationMs).toBeLessThan(10_000);
      expect(hung.asked).toEqual({ metrics: 2 * round, evidence: 2 * round });
      // Every call was aborted at its deadline, though the providers ignored it.
      expect(hung.signals).toHaveLength(4 * round);
      expect(hung.signals.every(s => s.aborted)).toBe(true);
    }

    // Every entity was assessed from its annotations, with both providers reported missing.
    const res = await request(server)
      .get('/api/scaling/overview?limit=500')
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    const overview = res.body as OverviewResponse;
    expect(overview.totalCount).toBe(7);
    expect(overview.lastScan).toMatchObject({ entities: 7, stale: false });
    for (const item of overview.items) {
      expect(findingIds(item)).toEqual(
        expect.arrayContaining(['metrics-unavailable', 'evidence-unavailable']),
      );
      expect(item.findings).toContainEqual(
        expect.objectContaining({
          id: 'metrics-unavailable',
          message: expect.stringContaining(
            `hung-metrics is unavailable (timed out after ${DEADLINE_MS} ms)`,
          ),
        }),
      );
    }
    // Annotations still give the rules their numbers.
    expect(
      overview.items.find(i => i.entityRef === 'component:default/orders'),
    ).toMatchObject({ activeUsers: 20000, recommendedTier: 'kubernetes' });

    // One warning per provider per page, naming the provider and the deadline.
    const warnings = logs.lines.filter(
      l => l.meta.plugin === 'scaling' && l.level === 'warn',
    );
    expect(warnings.map(w => w.message).sort()).toEqual([
      ...Array(4).fill('evidence provider hung-evidence unavailable'),
      ...Array(4).fill('metrics provider hung-metrics unavailable'),
    ]);
    expect(
      warnings.every(w => w.meta.cause === `timed out after ${DEADLINE_MS} ms`),
    ).toBe(true);
  });
});
