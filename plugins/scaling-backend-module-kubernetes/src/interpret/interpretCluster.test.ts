import { parseQuantity } from '@scaling-advisor/backstage-plugin-scaling-common';
import { interpretCluster } from './interpretCluster';

const MIB = 1024 * 1024;

/** One cluster's answer, in the shape the Kubernetes plugin's action returns. */
function cluster(
  name: string,
  resources: Record<string, object[]>,
  podMetrics: object[] = [],
  errors: object[] = [],
) {
  return {
    cluster: { name },
    resources: Object.entries(resources).map(([type, list]) => ({
      type,
      resources: list,
    })),
    podMetrics,
    errors,
  };
}

const labels = { 'app.kubernetes.io/name': 'orders' };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders', namespace: 'shop', labels },
  spec: {
    replicas: 3,
    selector: { matchLabels: labels },
    strategy: { type: 'RollingUpdate' },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'orders',
            image: 'registry.example.com/orders:2.3.0',
            resources: {
              requests: { cpu: '1', memory: '2Gi' },
              limits: { cpu: '2', memory: '4Gi' },
            },
            livenessProbe: { httpGet: { path: '/live', port: 8080 } },
            readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          },
        ],
      },
    },
  },
  status: { replicas: 3, readyReplicas: 3 },
};
const pod = (n: number, restarts: number) => ({
  metadata: { name: `orders-7d9f-${n}`, namespace: 'shop', labels },
  spec: { containers: [{ name: 'orders' }, { name: 'istio-proxy' }] },
  status: {
    containerStatuses: [
      { name: 'orders', restartCount: restarts, ready: true },
    ],
  },
});
const metric = (n: number, cpu: number, memory: string) => ({
  pod: { metadata: { name: `orders-7d9f-${n}`, namespace: 'shop' } },
  cpu: { currentUsage: cpu, requestTotal: 1, limitTotal: 2 },
  memory: { currentUsage: memory, requestTotal: '0', limitTotal: '0' },
  containers: [
    {
      container: 'orders',
      cpuUsage: { currentUsage: cpu, requestTotal: 1, limitTotal: 2 },
      memoryUsage: { currentUsage: memory, requestTotal: '0', limitTotal: '0' },
    },
  ],
});
const hpa = (current: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'orders', namespace: 'shop' },
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'orders',
    },
    minReplicas: 3,
    maxReplicas: 10,
  },
  status: { currentReplicas: current, desiredReplicas: current },
});

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['1250000n', 0.00125],
    ['512Mi', 512 * MIB],
    ['1G', 1e9],
    ['187432Ki', 187432 * 1024],
    [0.3, 0.3],
    ['lots', null],
    ['1e9', null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });
});

describe('interpretCluster', () => {
  it('reads the workload, its autoscaler, the highest usage of its pods and their restarts, with the cluster and object named', () => {
    const evidence = interpretCluster(
      [
        cluster(
          'production',
          {
            deployments: [deployment],
            pods: [pod(1, 2), pod(2, 1)],
            horizontalpodautoscalers: [hpa(10)],
          },
          [
            metric(1, 0.42, String(300 * MIB)),
            metric(2, 0.61, String(280 * MIB)),
          ],
        ),
      ],
      new Map([['production', 'eks' as const]]),
    );
    expect(evidence.workloads).toEqual([
      {
        cluster: 'production',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'orders',
        replicas: { desired: 3, ready: 3 },
        autoscaler: { min: 3, max: 10, current: 10 },
        containers: [
          {
            name: 'orders',
            cpuRequestCores: 1,
            memoryRequestBytes: 2 * 1024 * MIB,
            cpuUsageCores: 0.61,
            memoryUsageBytes: 300 * MIB,
            restarts: 3,
          },
        ],
      },
    ]);
    expect(evidence.values).toEqual({
      platform: {
        value: 'eks',
        evidence: 'production: Deployment shop/orders',
      },
      autoscaling: {
        value: true,
        evidence: 'production: HorizontalPodAutoscaler shop/orders',
      },
      minReplicas: {
        value: 3,
        evidence: 'production: Deployment shop/orders: autoscaler minimum 3',
      },
      resourceLimits: {
        value: true,
        evidence:
          'production: Deployment shop/orders: requests and limits on every container',
      },
      probes: {
        value: true,
        evidence:
          'production: Deployment shop/orders: liveness and readiness probes',
      },
      serviceMesh: {
        value: true,
        evidence:
          'production: Deployment shop/orders: istio sidecars in its pods',
      },
    });
    expect(evidence.problems).toBeUndefined();
  });

  it('says a cluster that answered with errors only is unavailable, and keeps the others', () => {
    const evidence = interpretCluster([
      cluster(
        'staging',
        {},
        [],
        [
          {
            errorType: 'FETCH_ERROR',
            message: 'connect ECONNREFUSED 127.0.0.1:6443',
          },
        ],
      ),
      cluster('production', {
        deployments: [
          {
            ...deployment,
            spec: {
              ...deployment.spec,
              replicas: 2,
              template: {
                metadata: { labels },
                spec: { containers: [{ name: 'orders' }] },
              },
            },
          },
        ],
      }),
    ]);
    expect(evidence.problems).toEqual([
      {
        id: 'kubernetes-unavailable',
        message:
          'The live cluster could not be read: staging: FETCH_ERROR (connect ECONNREFUSED 127.0.0.1:6443). Its values are left out.',
      },
    ]);
    expect(evidence.values).toMatchObject({
      platform: { value: 'kubernetes' },
      autoscaling: { value: false },
      minReplicas: { value: 2 },
      resourceLimits: { value: false },
      probes: { value: false },
    });
    expect(evidence.workloads![0].containers[0]).toEqual({
      name: 'orders',
      cpuRequestCores: null,
      memoryRequestBytes: null,
      cpuUsageCores: null,
      memoryUsageBytes: null,
      restarts: 0,
    });
  });

  it('is total on what is not the action`s shape', () => {
    for (const junk of [
      undefined,
      null,
      'x',
      [null, 1, 'a'],
      [{ resources: 'no' }],
      [
        {
          cluster: { name: 5 },
          resources: [
            { type: 'deployments', resources: [null, { spec: 'x' }] },
          ],
        },
      ],
    ]) {
      expect(() => interpretCluster(junk)).not.toThrow();
    }
    expect(interpretCluster(undefined)).toEqual({ values: {}, workloads: [] });
  });
});
