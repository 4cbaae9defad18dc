import {
  AuthService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { JsonObject } from '@backstage/types';
import http from 'node:http';
import request from 'supertest';
import {
  DEMO,
  KUBERNETES_ID,
  demoCluster,
  demoComponents,
} from '../__fixtures__/cluster';
import {
  KubeObject,
  KubernetesApiServer,
  listItem,
  parseLabelSelector,
} from './kubernetesApiServer';
import { realKubernetesBackendPlugin } from './realKubernetesBackend';

jest.setTimeout(20_000);

const ACTION = 'kubernetes:get-kubernetes-resources-for-entity';

/** The object types the backend lists, in the order of its requests and of `resources`. */
const LISTED = [
  ['pods', '/api/v1/pods'],
  ['services', '/api/v1/services'],
  ['configmaps', '/api/v1/configmaps'],
  ['limitranges', '/api/v1/limitranges'],
  ['resourcequotas', '/api/v1/resourcequotas'],
  ['deployments', '/apis/apps/v1/deployments'],
  ['replicasets', '/apis/apps/v1/replicasets'],
  ['horizontalpodautoscalers', '/apis/autoscaling/v2/horizontalpodautoscalers'],
  ['jobs', '/apis/batch/v1/jobs'],
  ['cronjobs', '/apis/batch/v1/cronjobs'],
  ['ingresses', '/apis/networking.k8s.io/v1/ingresses'],
  ['statefulsets', '/apis/apps/v1/statefulsets'],
  ['daemonsets', '/apis/apps/v1/daemonsets'],
] as const;

/** One element of the action's `items`, as it arrives (JSON). */
interface ClusterItem {
  cluster: { name: string };
  resources: Array<{ type: string; resources: Array<Record<string, any>> }>;
  podMetrics: Array<{
    pod: Record<string, any>;
    cpu: Usage;
    memory: Usage;
    containers: Array<{
      container: string;
      cpuUsage: Usage;
      memoryUsage: Usage;
    }>;
  }>;
  errors: Array<Record<string, unknown>>;
}
interface Usage {
  currentUsage: number | string;
  requestTotal: number | string;
  limitTotal: number | string;
}

/** CPU quantity in cores (`'912m'`, `'1250000n'`, `'1'`). */
function cores(q: string): number {
  const m = /^(\d+)(n|u|m)?$/.exec(q)!;
  const scale = { n: 1e-9, u: 1e-6, m: 1e-3 }[m[2] as 'n' | 'u' | 'm'] ?? 1;
  return Number(m[1]) * scale;
}

/** Memory quantity in bytes (`'180Mi'`, `'187432Ki'`), as the decimal string the backend sends. */
function bytes(q: string): string {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(q)!;
  const scale = { Ki: 1024n, Mi: 1024n ** 2n, Gi: 1024n ** 3n }[
    m[2] as 'Ki' | 'Mi' | 'Gi'
  ];
  return String(BigInt(m[1]) * (scale ?? 1n));
}

const byKind = (objects: KubeObject[], kind: string, id: string) =>
  objects.filter(
    o => o.kind === kind && o.metadata.labels?.[KUBERNETES_ID] === id,
  );

describe('KubernetesApiServer', () => {
  let server: KubernetesApiServer;
  beforeAll(async () => {
    server = await KubernetesApiServer.start(demoCluster(), {
      token: 'secret',
    });
  });
  afterAll(() => server.close());
  afterEach(() => server.reset());

  const get = (path: string, token = 'secret') =>
    fetch(`${server.url}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then(async res => ({ status: res.status, body: await res.json() }));

  it('lists in the API server shape, items without apiVersion/kind, by label and namespace', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, body } = await get(
      `/apis/apps/v1/namespaces/shop/deployments?labelSelector=${encodeURIComponent(`${KUBERNETES_ID}=petstore`)}`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeploymentList',
      metadata: { resourceVersion: expect.any(String) },
      items: byKind(demoCluster(), 'Deployment', 'petstore').map(listItem),
    });
    expect(
      (
        await get(
          '/apis/apps/v1/namespaces/music/deployments?labelSelector=app.kubernetes.io%2Fname%3Dpetstore',
        )
      ).body.items,
    ).toEqual([]);
    // Without a selector, cluster-wide: every Deployment.
    expect(
      (await get('/apis/apps/v1/deployments')).body.items.map(
        (d: KubeObject) => d.metadata.name,
      ),
    ).toEqual(['petstore', 'petstore-cache', 'artist-lookup', 'newsletter']);
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      query: { labelSelector: `${KUBERNETES_ID}=petstore` },
      authorization: 'Bearer secret',
      status: 200,
    });
  });

  it('matches set-based selectors', async () => {
    const names = async (selector: string) =>
      (
        await get(
          `/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(selector)}`,
        )
      ).body.items.map((d: KubeObject) => d.metadata.name);
    expect(
      await names('app.kubernetes.io/name in (petstore, newsletter)'),
    ).toEqual(['petstore', 'newsletter']);
    expect(
      await names(
        `${KUBERNETES_ID} notin (petstore,petstore-cache),app.kubernetes.io/name`,
      ),
    ).toEqual(['artist-lookup', 'newsletter']);
    expect(await names(`${KUBERNETES_ID}!=petstore,!missing`)).toEqual([
      'petstore-cache',
      'artist-lookup',
      'newsletter',
    ]);
    expect(await names(`${KUBERNETES_ID}==newsletter`)).toEqual(['newsletter']);
    expect(parseLabelSelector('')({})).toBe(true);
    const bad = await get('/api/v1/pods?labelSelector=a%20in%20b');
    expect(bad).toMatchObject({
      status: 400,
      body: { kind: 'Status', reason: 'BadRequest', code: 400 },
    });
  });

  it('serves PodMetrics, single objects, and 404/405/401 in the Status shape', async () => {
    const metrics = await get(
      `/apis/metrics.k8s.io/v1beta1/namespaces/music/pods?labelSelector=${KUBERNETES_ID}%3Dartist-lookup`,
    );
    expect(metrics.body).toMatchObject({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetricsList',
      metadata: {},
    });
    expect(metrics.body.items).toEqual(
      byKind(demoCluster(), 'PodMetrics', 'artist-lookup').map(listItem),
    );
    expect(metrics.body.items).toHaveLength(4);

    const pdb = await get(
      '/apis/policy/v1/namespaces/archive/poddisruptionbudgets/wayback-archive-storage',
    );
    expect(pdb.body).toMatchObject({
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      spec: { minAvailable: 2 },
    });

    expect(await get('/api/v1/namespaces/shop/pods/nope')).toMatchObject({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        message: 'pods "nope" not found',
        code: 404,
      },
    });
    expect(await get('/apis/example.com/v1/widgets')).toMatchObject({
      status: 404,
      body: {
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      },
    });
    expect(server.unservedRequests().map(r => r.path)).toEqual([
      '/api/v1/namespaces/shop/pods/nope',
      '/apis/example.com/v1/widgets',
    ]);
    const post = await fetch(`${server.url}/api/v1/pods`, {
      method: 'POST',
      headers: { Authorization: 'Bearer secret' },
    });
    expect(post.status).toBe(405);
    expect((await get('/api/v1/pods', 'wrong')).status).toBe(401);

    server.setMetricsServer(false);
    expect((await get('/apis/metrics.k8s.io/v1beta1/pods')).status).toBe(404);
  });

  it('goes down, slows down and changes its objects on demand', async () => {
    server.setDown(true);
    expect(await get('/api/v1/pods')).toMatchObject({
      status: 503,
      body: { reason: 'ServiceUnavailable', code: 503 },
    });
    server.setDown(true, 'reset');
    // On a connection of its own (the pooled one was closed by setDown).
    const hangUp = await new Promise<string>(resolve => {
      http
        .get(`${server.url}/api/v1/pods`, { agent: false }, () =>
          resolve('answered'),
        )
        .on('error', e => resolve(e.message));
    });
    expect(hangUp).toBe('socket hang up');
    server.setDown(false);
    server.setDelayMs(150);
    const t = Date.now();
    expect((await get('/api/v1/pods')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    server.replace([]);
    expect((await get('/api/v1/pods')).body.items).toEqual([]);
    server.replace(demoCluster());
    expect(server.requests.map(r => r.status)).toEqual([503, 0, 200, 200]);
    expect(() =>
      server.replace([
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      ]),
    ).toThrow(/does not serve example.com\/v1 Widget/);
  });
});

let actions: ActionsService;
let auth: AuthService;

/** Hands the test the actions service and credentials, as any plugin calling the action has them. */
const invokerPlugin = createBackendPlugin({
  pluginId: 'k8s-invoker',
  register(reg) {
    reg.registerInit({
      deps: {
        actionsService: actionsServiceRef,
        authService: coreServices.auth,
      },
      async init({ actionsService, authService }) {
        actions = actionsService;
        auth = authService;
      },
    });
  },
});

async function invoke(input: JsonObject): Promise<ClusterItem[]> {
  const { output } = await actions.invoke({
    id: ACTION,
    input,
    credentials: await auth.getOwnServiceCredentials(),
  });
  return (output as unknown as { items: ClusterItem[] }).items;
}

/** Entities with nothing in the cluster, and with a selector and namespace of their own. */
const EXTRA_COMPONENTS: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ghost', annotations: { [KUBERNETES_ID]: 'ghost' } },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop',
      annotations: {
        'backstage.io/kubernetes-label-selector':
          'app.kubernetes.io/name in (petstore,petstore-cache)',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  },
];

describe('the real Kubernetes backend against KubernetesApiServer', () => {
  let server: KubernetesApiServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const mockDir = createMockDirectory();

  beforeAll(async () => {
    server = await KubernetesApiServer.start(demoCluster());
    mockDir.setContent({
      'catalog-info.yaml': [...demoComponents(), ...EXTRA_COMPONENTS]
        .map(e => JSON.stringify(e))
        .join('\n---\n'),
    });
    backend = await startTestBackend({
      features: [
        realKubernetesBackendPlugin(),
        catalogPlugin,
        invokerPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['kubernetes'] } },
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                { type: 'file', target: mockDir.resolve('catalog-info.yaml') },
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
                      skipMetricsLookup: false,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    // The catalog has read the location.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/shop')
        .set('Authorization', mockCredentials.user.header());
      if (res.status === 200) break;
      if (Date.now() > deadline)
        throw new Error('catalog never read the entities');
      await new Promise(r => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  afterEach(async () => {
    await server.whenIdle();
    server.reset();
    server.replace(demoCluster());
  });

  it('offers the action through the actions service', async () => {
    const { actions: list } = await actions.list({
      credentials: await auth.getOwnServiceCredentials(),
    });
    expect(list.map(a => a.id)).toEqual([
      'kubernetes:get-kubernetes-clusters',
      ACTION,
    ]);
  });

  it('petstore: the Deployment, its pods, its HPA at the maximum and the pods usage', async () => {
    const items = await invoke({ name: 'petstore' });
    const cluster = demoCluster();
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(Object.keys(item).sort()).toEqual([
      'cluster',
      'errors',
      'podMetrics',
      'resources',
    ]);
    expect(item.cluster).toEqual({ name: 'production' });
    expect(item.errors).toEqual([]);
    expect(item.resources.map(r => r.type)).toEqual(
      LISTED.map(([type]) => type),
    );
    const ofType = (type: string) =>
      item.resources.find(r => r.type === type)!.resources;
    // As listed: no apiVersion/kind on the objects.
    expect(ofType('deployments')).toEqual(
      byKind(cluster, 'Deployment', 'petstore').map(listItem),
    );
    expect(ofType('deployments')[0]).toMatchObject({
      spec: { replicas: 10 },
      status: { replicas: 10, readyReplicas: 9 },
    });
    expect(ofType('deployments')[0].kind).toBeUndefined();
    expect(ofType('replicasets')).toEqual(
      byKind(cluster, 'ReplicaSet', 'petstore').map(listItem),
    );
    expect(ofType('horizontalpodautoscalers')).toEqual(
      byKind(cluster, 'HorizontalPodAutoscaler', 'petstore').map(listItem),
    );
    expect(ofType('horizontalpodautoscalers')[0]).toMatchObject({
      spec: { minReplicas: 3, maxReplicas: 10 },
      status: { currentReplicas: 10, desiredReplicas: 10 },
    });
    const pods = byKind(cluster, 'Pod', 'petstore');
    expect(ofType('pods')).toEqual(pods.map(listItem));
    expect(ofType('services').map(s => s.metadata.name)).toEqual(['petstore']);
    expect(ofType('configmaps').map(s => s.metadata.name)).toEqual([
      'petstore-config',
    ]);
    for (const type of [
      'limitranges',
      'resourcequotas',
      'jobs',
      'cronjobs',
      'ingresses',
      'statefulsets',
      'daemonsets',
    ]) {
      expect(ofType(type)).toEqual([]);
    }

    // One entry per pod of the pod list, in its order; CPU in cores as numbers, memory in bytes
    // as decimal strings (BigInts on the way), requests and limits from the pod spec.
    const metrics = byKind(cluster, 'PodMetrics', 'petstore');
    expect(item.podMetrics).toHaveLength(DEMO.petstore.replicas);
    item.podMetrics.forEach((pm, i) => {
      expect(pm.pod).toEqual(listItem(pods[i]));
      const usage = (
        metrics[i].containers as Array<{
          usage: { cpu: string; memory: string };
        }>
      )[0].usage;
      const expected = {
        cpu: {
          currentUsage: cores(usage.cpu),
          requestTotal: 0.5,
          limitTotal: 1,
        },
        memory: {
          currentUsage: bytes(usage.memory),
          requestTotal: '536870912',
          limitTotal: '1073741824',
        },
      };
      expect(pm.cpu.currentUsage).toBeCloseTo(expected.cpu.currentUsage, 9);
      expect(pm).toEqual({
        pod: expect.anything(),
        cpu: { ...expected.cpu, currentUsage: expect.any(Number) },
        memory: expected.memory,
        containers: [
          {
            container: 'petstore',
            cpuUsage: { ...expected.cpu, currentUsage: pm.cpu.currentUsage },
            memoryUsage: expected.memory,
          },
        ],
      });
      // Near the limits: 0.88–0.96 of 1 CPU, 900–990Mi of 1Gi.
      expect(pm.cpu.currentUsage).toBeGreaterThanOrEqual(0.88);
      expect(pm.cpu.currentUsage).toBeLessThan(0.96);
      expect(Number(pm.memory.currentUsage) / 2 ** 20).toBeGreaterThanOrEqual(
        900,
      );
    });
  });

  it('asks 13 lists cluster-wide, then metrics and pods again per namespace of the pods: 15 requests', async () => {
    await invoke({ name: 'petstore' });
    const selector = { labelSelector: `${KUBERNETES_ID}=petstore` };
    expect(
      server.requests.map(({ method, path, query, authorization }) => ({
        method,
        path,
        query,
        authorization,
      })),
    ).toEqual(
      [
        ...LISTED.map(([, path]) => path),
        '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods',
        '/api/v1/namespaces/shop/pods',
      ].map(path => ({
        method: 'GET',
        path,
        query: selector,
        authorization: 'Bearer test-token',
      })),
    );
    expect(server.unservedRequests()).toEqual([]);
  });

  it('artist-lookup: over-requested, no HPA', async () => {
    const [item] = await invoke({ name: 'artist-lookup' });
    expect(
      item.resources.find(r => r.type === 'horizontalpodautoscalers')!
        .resources,
    ).toEqual([]);
    expect(
      item.resources.find(r => r.type === 'deployments')!.resources[0].spec
        .replicas,
    ).toBe(4);
    expect(item.podMetrics).toHaveLength(4);
    for (const pm of item.podMetrics) {
      expect(pm.cpu).toMatchObject({ requestTotal: 1, limitTotal: 2 });
      expect(pm.memory).toMatchObject({
        requestTotal: '2147483648',
        limitTotal: '4294967296',
      });
      expect(pm.cpu.currentUsage).toBeGreaterThan(0.04);
      expect(pm.cpu.currentUsage).toBeLessThan(0.06);
      expect(Number(pm.memory.currentUsage) / 2 ** 20).toBeCloseTo(200, -1);
    }
  });

  it('newsletter: no requests nor limits come as the number 0 (memory too)', async () => {
    const [item] = await invoke({ name: 'newsletter' });
    expect(item.podMetrics).toEqual([
      {
        pod: expect.objectContaining({
          metadata: expect.objectContaining({ namespace: 'marketing' }),
        }),
        cpu: { currentUsage: 0.021, requestTotal: 0, limitTotal: 0 },
        memory: { currentUsage: bytes('96Mi'), requestTotal: 0, limitTotal: 0 },
        containers: [
          {
            container: 'newsletter',
            cpuUsage: { currentUsage: 0.021, requestTotal: 0, limitTotal: 0 },
            memoryUsage: {
              currentUsage: bytes('96Mi'),
              requestTotal: 0,
              limitTotal: 0,
            },
          },
        ],
      },
    ]);
  });

  it('a pod metrics-server has no usage for yet: zeros and no containers', async () => {
    server.replace(demoCluster().filter(o => o.kind !== 'PodMetrics'));
    const [item] = await invoke({ name: 'newsletter' });
    expect(item.errors).toEqual([]);
    expect(item.podMetrics).toEqual([
      {
        pod: expect.anything(),
        cpu: { currentUsage: 0, requestTotal: 0, limitTotal: 0 },
        memory: { currentUsage: 0, requestTotal: 0, limitTotal: 0 },
        containers: [],
      },
    ]);
  });

  it('the label-selector and namespace annotations: set-based selector, namespaced paths', async () => {
    const [item] = await invoke({ name: 'shop' });
    expect(
      item.resources
        .find(r => r.type === 'deployments')!
        .resources.map(d => d.metadata.name),
    ).toEqual(['petstore', 'petstore-cache']);
    expect(item.podMetrics).toHaveLength(11);
    expect(server.requests[0]).toMatchObject({
      path: '/api/v1/namespaces/shop/pods',
      query: {
        labelSelector: 'app.kubernetes.io/name in (petstore,petstore-cache)',
      },
    });
  });

  it('an entity with nothing in the cluster: no item at all', async () => {
    expect(await invoke({ name: 'ghost' })).toEqual([]);
    expect(server.requests).toHaveLength(13);
  });

  it('an entity not in the catalog: the call fails (404), the cluster is not asked', async () => {
    await expect(invoke({ name: 'nobody' })).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 404 },
    });
    expect(server.requests).toEqual([]);
  });

  it('cluster answering 503: the item carries one error per list, nothing else', async () => {
    server.setDown(true);
    const items = await invoke({ name: 'petstore' });
    expect(items).toEqual([
      {
        cluster: { name: 'production' },
        podMetrics: [],
        resources: [],
        errors: LISTED.map(([, resourcePath]) => ({
          errorType: 'UNKNOWN_ERROR',
          statusCode: 503,
          resourcePath,
        })),
      },
    ]);
    expect(server.requests).toHaveLength(13);
  });

  it('cluster resetting connections: one FETCH_ERROR, returned at the first failure', async () => {
    server.setDown(true, 'reset');
    const items = await invoke({ name: 'petstore' });
    expect(items).toEqual([
      {
        cluster: { name: 'production' },
        podMetrics: [],
        resources: [],
        errors: [
          {
            errorType: 'FETCH_ERROR',
            message: expect.stringMatching(
              /^request to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/pods\?labelSelector=backstage\.io%2Fkubernetes-id%3Dpetstore failed, reason: socket hang up$/,
            ),
          },
        ],
      },
    ]);
    // The other twelve lists were still in flight when the action answered.
    await server.whenIdle();
    expect(server.requests).toHaveLength(13);
  });

  it('no metrics-server: a NOT_FOUND error for the metrics path, the resources as usual', async () => {
    server.setMetricsServer(false);
    const [item] = await invoke({ name: 'petstore' });
    expect(item.podMetrics).toEqual([]);
    expect(item.resources.find(r => r.type === 'pods')!.resources).toHaveLength(
      10,
    );
    expect(item.errors).toEqual([
      {
        errorType: 'NOT_FOUND',
        statusCode: 404,
        resourcePath: '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods',
      },
    ]);
  });

  it('a slow cluster: no timeout, two round trips one after the other', async () => {
    // With setDelayMs(3000) the action answered complete after ~6.0 s; 600 ms keeps this short.
    const delay = 600;
    server.setDelayMs(delay);
    const t = Date.now();
    const [item] = await invoke({ name: 'petstore' });
    const elapsed = Date.now() - t;
    expect(item.errors).toEqual([]);
    expect(item.podMetrics).toHaveLength(10);
    expect(elapsed).toBeGreaterThanOrEqual(2 * delay);
    expect(elapsed).toBeLessThan(3 * delay);
    const metricsAsked = server.requests.find(r =>
      r.path.startsWith('/apis/metrics.k8s.io'),
    )!;
    expect(
      metricsAsked.receivedAt - server.requests[0].receivedAt,
    ).toBeGreaterThanOrEqual(delay);
  });
});
