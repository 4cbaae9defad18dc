/*
 * The Kubernetes module in a real backend: the real catalog, the real Kubernetes backend
 * (@backstage/plugin-kubernetes-backend, its action offered through the real actions registry
 * and service) against a loopback cluster that speaks the Kubernetes API it calls
 * (__testUtils__/kubernetesApiServer.ts), the scaling backend and this module. Nothing above the
 * loopback server is a fake.
 */
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { JsonObject } from '@backstage/types';
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import request from 'supertest';
import { demoCluster, demoComponents } from './__fixtures__/cluster';
import { KubernetesApiServer } from './__testUtils__/kubernetesApiServer';
import { realKubernetesBackendPlugin } from './__testUtils__/realKubernetesBackend';
import { scalingModuleKubernetes } from './module';

jest.setTimeout(60_000);

const MIB = 1024 * 1024;
const REFRESH = 'scaling-kubernetes-refresh';
const MANUAL = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

/** The demo cluster's Components; newsletter's catalog-info.yaml says it runs on Compose. */
function components(): Entity[] {
  return demoComponents().map(e =>
    e.metadata.name === 'newsletter'
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: {
              ...e.metadata.annotations,
              'scaling.io/platform': 'docker-compose',
            },
          },
        }
      : e,
  );
}

interface Backend {
  http: Awaited<ReturnType<typeof startTestBackend>>['server'];
  scheduler: () => SchedulerService;
  stop: () => Promise<void>;
}

async function start(
  server: KubernetesApiServer,
  options: { kubernetesPlugin?: boolean; pluginSources?: string[] } = {},
): Promise<Backend> {
  const directory = createMockDirectory();
  directory.setContent({
    'catalog-info.yaml': components()
      .map(e => JSON.stringify(e))
      .join('\n---\n'),
  });
  const captured: { scheduler?: SchedulerService } = {};
  const capture = createBackendModule({
    pluginId: 'scaling',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });
  const config: JsonObject = {
    backend: {
      actions: { pluginSources: options.pluginSources ?? ['kubernetes'] },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [
        { type: 'file', target: directory.resolve('catalog-info.yaml') },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'production',
              url: server.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'test-token',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
    scaling: {
      scan: { schedule: MANUAL },
      kubernetes: { schedule: MANUAL, timeoutSeconds: 2 },
    },
  };
  const backend = await startTestBackend({
    features: [
      ...(options.kubernetesPlugin === false
        ? []
        : [realKubernetesBackendPlugin()]),
      catalogPlugin,
      scalingPlugin,
      scalingModuleKubernetes,
      capture,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const result = {
    http: backend.server,
    scheduler: () => captured.scheduler!,
    stop: () => backend.stop(),
  };
  await until('the catalog to hold the demo components', async () =>
    (await get(result, 'petstore')).status === 200 ? true : undefined,
  );
  return result;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

function get(backend: Backend, name: string) {
  return request(backend.http)
    .get(`/api/scaling/assessments/component/default/${name}`)
    .set('Authorization', mockCredentials.user.header());
}

/** The assessment, and how long the scaling API took to answer it. */
async function assessment(
  backend: Backend,
  name: string,
): Promise<Assessment & { tookMs: number }> {
  const started = Date.now();
  const res = await get(backend, name);
  expect(res.status).toBe(200);
  return { ...(res.body as Assessment), tookMs: Date.now() - started };
}

async function refresh(backend: Backend) {
  await backend.scheduler().triggerTask(REFRESH);
}

const finding = (a: Assessment, id: string) =>
  a.findings.filter(f => f.id === id).map(f => f.message);

describe('the Kubernetes module with the real Kubernetes backend and a loopback cluster', () => {
  let server: KubernetesApiServer;
  let backend: Backend;

  beforeAll(async () => {
    server = await KubernetesApiServer.start(demoCluster());
    backend = await start(server);
    await refresh(backend);
    await until('the first read of the cluster', async () =>
      (await assessment(backend, 'petstore')).rightSizing ? true : undefined,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('takes the platform from the cluster over a Compose declaration, and says they differ', async () => {
    const newsletter = await assessment(backend, 'newsletter');
    expect(newsletter.signals.platform).toMatchObject({
      value: 'kubernetes',
      source: 'kubernetes',
      evidence: 'production: Deployment marketing/newsletter',
      raw: 'docker-compose',
    });
    expect(newsletter.currentTier).toBe('kubernetes');
    expect(finding(newsletter, 'declared-vs-running')).toEqual([
      'Declared platform docker-compose (scaling.io/platform), but the cluster runs kubernetes (production: Deployment marketing/newsletter). The running value is used; correct the declaration or the deployment.',
    ]);
    // Its container requests nothing.
    expect(newsletter.rightSizing!.containers.map(c => c.verdict)).toEqual([
      'no-requests',
    ]);
  });

  it('calls petstore, at its HPA maximum, under-provisioned whatever its requests say', async () => {
    const petstore = await assessment(backend, 'petstore');
    expect(petstore.rightSizing!.autoscaler).toEqual({
      min: 3,
      max: 10,
      current: 10,
      atMax: true,
      workload: 'production: Deployment shop/petstore',
    });
    expect(
      new Set(petstore.rightSizing!.containers.map(c => c.verdict)),
    ).toEqual(new Set(['under-requested']));
    expect(finding(petstore, 'autoscaler-at-max')).toHaveLength(1);
    expect(
      petstore.evidence!.items.find(
        i => i.key === 'autoscaling' && i.source === 'kubernetes',
      ),
    ).toMatchObject({
      value: true,
      evidence: 'production: HorizontalPodAutoscaler shop/petstore',
      used: true,
    });
  });

  it('recommends requests for over-requested artist-lookup, and what they save', async () => {
    const artist = await assessment(backend, 'artist-lookup');
    const [container] = artist.rightSizing!.containers;
    // Written before running, from the fixture: 4 pods, the busiest at 53m and 203Mi, of
    // 1 CPU and 2Gi requested: recommended 0.07 cores and 264 MiB (usage + 30%, rounded up).
    expect(container).toMatchObject({
      workload: 'production: Deployment music/artist-lookup',
      cpuRequestCores: 1,
      memoryRequestBytes: 2048 * MIB,
      recommended: { cpuCores: 0.07, memoryBytes: 264 * MIB },
      verdict: 'over-requested',
    });
    expect(artist.rightSizing!.saving).toEqual({
      cpuCores: 3.72,
      memoryBytes: (2048 - 264) * MIB * 4,
    });
  });

  it('totals what right-sizing frees on the overview, from the scan the new evidence starts', async () => {
    const overview = await until('a scan with the live evidence', async () => {
      const res = await request(backend.http)
        .get('/api/scaling/overview')
        .set('Authorization', mockCredentials.user.header());
      return res.body?.lastScan?.finishedAt &&
        res.body.rightSizing?.total.services > 0
        ? res.body
        : undefined;
    });
    // artist-lookup frees 3.72 cores and 7136 MiB; the others nothing (petstore is at its
    // maximum, newsletter requests nothing); all four are on Kubernetes, owned by team-a.
    expect(overview.rightSizing.total).toMatchObject({
      cpuCores: 3.72,
      memoryBytes: (2048 - 264) * MIB * 4,
    });
    expect(overview.rightSizing.byTier.kubernetes.cpuCores).toBe(3.72);
    expect(overview.rightSizing.byOwner[0]).toMatchObject({
      owner: 'group:default/team-a',
      cpuCores: 3.72,
    });
  });

  it('keeps the last read and says so when the cluster is down, answering at once', async () => {
    server.setDown(true);
    try {
      await refresh(backend);
      const petstore = await until('the failed read', async () => {
        const a = await assessment(backend, 'petstore');
        return finding(a, 'kubernetes-unavailable').length > 0 ? a : undefined;
      });
      expect(finding(petstore, 'kubernetes-unavailable')[0]).toMatch(
        /^The last read of the live cluster failed at .* \(The live cluster could not be read: production: UNKNOWN_ERROR 503 .*\); the values are those read at .*\.$/,
      );
      // The last good read's values stay.
      expect(petstore.signals.platform.source).toBe('kubernetes');
      expect(petstore.rightSizing?.autoscaler?.atMax).toBe(true);
      expect(petstore.tookMs).toBeLessThan(2000);
    } finally {
      server.setDown(false);
    }
  });

  it('gives up on a call past its deadline, and says so', async () => {
    await server.whenIdle();
    server.setDelayMs(3_000);
    try {
      const started = Date.now();
      await refresh(backend);
      const artist = await until('the late read', async () => {
        const a = await assessment(backend, 'artist-lookup');
        return finding(a, 'kubernetes-unavailable').some(m =>
          m.includes('no answer within 2 s'),
        )
          ? a
          : undefined;
      });
      // Four entities, four at a time, each given up after 2 s.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(artist.rightSizing).not.toBeNull();
      expect(artist.tookMs).toBeLessThan(2000);
    } finally {
      server.setDelayMs(0);
      await server.whenIdle();
    }
  });
});

describe('the Kubernetes module without the Kubernetes plugin`s action', () => {
  let server: KubernetesApiServer;

  beforeAll(async () => {
    server = await KubernetesApiServer.start(demoCluster());
  });
  afterAll(() => server?.close());

  it.each([
    ['the Kubernetes plugin absent', { kubernetesPlugin: false }],
    ['kubernetes not in backend.actions.pluginSources', { pluginSources: [] }],
  ])(
    '%s: a finding that says what to install or configure',
    async (_, options) => {
      const backend = await start(server, options);
      try {
        await refresh(backend);
        const petstore = await until('the finding', async () => {
          const a = await assessment(backend, 'petstore');
          return finding(a, 'kubernetes-unavailable').length > 0
            ? a
            : undefined;
        });
        expect(finding(petstore, 'kubernetes-unavailable')).toEqual([
          expect.stringContaining(
            'the action kubernetes:get-kubernetes-resources-for-entity is not offered: install @backstage/plugin-kubernetes-backend and name its plugin in backend.actions.pluginSources (kubernetes)); no value from it.',
          ),
        ]);
        expect(petstore.rightSizing).toBeNull();
        expect(petstore.tookMs).toBeLessThan(2000);
        expect(server.requests).toHaveLength(0);
      } finally {
        await backend.stop();
      }
    },
  );
});
