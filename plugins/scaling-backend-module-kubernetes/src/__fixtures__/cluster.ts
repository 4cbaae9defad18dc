/**
 * A small demo cluster, written by hand in the shapes a real API server and metrics-server
 * answer, for the Backstage Kubernetes backend to read through `KubernetesApiServer` (`../__testUtils__`).
 *
 * Every object is plain data; the helpers only save repeating the shapes (names, uids and
 * timestamps are deterministic).
 */
import { Entity } from '@backstage/catalog-model';

/** The metadata every Kubernetes object carries (the rest of it is free-form). */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A Kubernetes object as JSON: apiVersion, kind and metadata, and whatever else its kind has. */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
};

/** The label (and catalog annotation) the Kubernetes backend selects an entity's objects by. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** When the demo workloads were created. */
export const CREATED_AT = '2025-03-03T08:00:00Z';
/** When the pods (re)started. */
export const STARTED_AT = '2025-03-09T22:14:05Z';
/** When metrics-server last scraped the pods. */
export const SCRAPED_AT = '2025-03-10T12:00:00Z';

/** A container's resource quantities, as Kubernetes writes them (`'500m'`, `'512Mi'`). */
export interface Quantities {
  cpu?: string;
  memory?: string;
}

/** A container of a pod template. */
export interface ContainerSpec {
  name: string;
  image: string;
  resources?: { requests?: Quantities; limits?: Quantities };
  port?: number;
}

/** What metrics-server reports for a container: `cpu` like `'12m'`/`'1250000n'`, `memory` like `'180Mi'`/`'187432Ki'`. */
export interface ContainerUsage {
  cpu: string;
  memory: string;
}

/** One usage for every container of every pod, or per pod and container (`undefined`: no metrics). */
export type UsageSpec =
  | ContainerUsage
  | ((podIndex: number, container: string) => ContainerUsage | undefined);

/** How the pods of {@link podsFor} fare. */
export interface PodOptions {
  /** Restart count by pod index (0 when absent). */
  restarts?: Record<number, number>;
  /** Why a restarted container last terminated (default `'OOMKilled'`). */
  lastTerminationReason?: 'OOMKilled' | 'Error';
  /** Indexes of the pods whose containers are not ready. */
  notReady?: number[];
  /** Leave out the PodMetrics (as if metrics-server had not scraped them yet). */
  withoutMetrics?: boolean;
}

/** What a workload helper needs. */
export interface WorkloadSpec {
  name: string;
  namespace: string;
  /** The `backstage.io/kubernetes-id` label (default: `name`). */
  kubernetesId?: string;
  replicas: number;
  /** Ready replicas (default: all of them). */
  readyReplicas?: number;
  containers: ContainerSpec[];
}

// A little FNV-1a, for names and uids that look generated but never change.
function fnv(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The alphabet Kubernetes uses for generated name suffixes. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    let h = fnv(`${seed}#${i}`);
    for (let j = 0; j < 4 && out.length < length; j++) {
      out += ALPHABET[h % ALPHABET.length];
      h = Math.floor(h / ALPHABET.length);
    }
  }
  return out;
}

/** A deterministic uid in the UUID shape. */
export function uid(seed: string): string {
  const hex = [0, 1, 2, 3]
    .map(i => fnv(`${seed}/${i}`).toString(16).padStart(8, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const metaOf = (obj: KubeObject) => obj.metadata;
const specOf = (obj: KubeObject) => obj.spec as Record<string, any>;

function selectorLabels(spec: WorkloadSpec): Record<string, string> {
  return {
    'app.kubernetes.io/name': spec.name,
    [KUBERNETES_ID]: spec.kubernetesId ?? spec.name,
  };
}

function podTemplate(spec: WorkloadSpec) {
  return {
    metadata: { labels: selectorLabels(spec) },
    spec: {
      containers: spec.containers.map(c => ({
        name: c.name,
        image: c.image,
        ...(c.port
          ? { ports: [{ containerPort: c.port, protocol: 'TCP' }] }
          : {}),
        resources: c.resources ?? {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
    },
  };
}

function workloadMetadata(kind: string, spec: WorkloadSpec) {
  return {
    name: spec.name,
    namespace: spec.namespace,
    uid: uid(`${kind}/${spec.namespace}/${spec.name}`),
    resourceVersion: String(10000 + (fnv(spec.name) % 90000)),
    generation: 1,
    creationTimestamp: CREATED_AT,
    labels: {
      ...selectorLabels(spec),
      'app.kubernetes.io/part-of': spec.kubernetesId ?? spec.name,
    },
  };
}

/** An apps/v1 Deployment with its status as the controller writes it. */
export function deployment(spec: WorkloadSpec): KubeObject {
  const ready = spec.readyReplicas ?? spec.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...workloadMetadata('Deployment', spec),
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: selectorLabels(spec) },
      template: podTemplate(spec),
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas: spec.replicas,
      updatedReplicas: spec.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < spec.replicas
        ? { unavailableReplicas: spec.replicas - ready }
        : {}),
      conditions: [
        {
          type: 'Available',
          status: ready > 0 ? 'True' : 'False',
          reason:
            ready > 0
              ? 'MinimumReplicasAvailable'
              : 'MinimumReplicasUnavailable',
          message:
            ready > 0
              ? 'Deployment has minimum availability.'
              : 'Deployment does not have minimum availability.',
          lastUpdateTime: STARTED_AT,
          lastTransitionTime: STARTED_AT,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${replicaSetName(spec.name)}" has successfully progressed.`,
          lastUpdateTime: CREATED_AT,
          lastTransitionTime: CREATED_AT,
        },
      ],
    },
  };
}

function replicaSetName(deploymentName: string): string {
  return `${deploymentName}-${suffix(`rs/${deploymentName}`, 10)}`;
}

/** The ReplicaSet a Deployment's pods belong to (its current revision). */
export function replicaSetFor(deploy: KubeObject): KubeObject {
  const meta = metaOf(deploy);
  const spec = specOf(deploy);
  const name = replicaSetName(meta.name);
  const hash = name.slice(meta.name.length + 1);
  const status = deploy.status as Record<string, number>;
  const labels = {
    ...spec.template.metadata.labels,
    'pod-template-hash': hash,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: meta.namespace,
      uid: uid(`ReplicaSet/${meta.namespace}/${name}`),
      resourceVersion: String(Number(meta.resourceVersion) + 1),
      generation: 1,
      creationTimestamp: CREATED_AT,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(
          spec.replicas + Math.ceil(spec.replicas / 4),
        ),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: meta.name,
          uid: meta.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: spec.replicas,
      selector: {
        matchLabels: {
          ...spec.selector.matchLabels,
          'pod-template-hash': hash,
        },
      },
      template: {
        ...spec.template,
        metadata: { labels },
      },
    },
    status: {
      replicas: status.replicas,
      fullyLabeledReplicas: status.replicas,
      readyReplicas: status.readyReplicas,
      availableReplicas: status.availableReplicas,
      observedGeneration: 1,
    },
  };
}

/** An apps/v1 StatefulSet with its status as the controller writes it. */
export function statefulSet(
  spec: WorkloadSpec & { storage?: string },
): KubeObject {
  const ready = spec.readyReplicas ?? spec.replicas;
  const revision = `${spec.name}-${suffix(`sts/${spec.name}`, 10)}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: workloadMetadata('StatefulSet', spec),
    spec: {
      replicas: spec.replicas,
      serviceName: spec.name,
      selector: { matchLabels: selectorLabels(spec) },
      template: podTemplate(spec),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      revisionHistoryLimit: 10,
      ...(spec.storage
        ? {
            volumeClaimTemplates: [
              {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                metadata: { name: 'data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: 'standard',
                  resources: { requests: { storage: spec.storage } },
                  volumeMode: 'Filesystem',
                },
              },
            ],
          }
        : {}),
    },
    status: {
      observedGeneration: 1,
      replicas: spec.replicas,
      readyReplicas: ready,
      currentReplicas: spec.replicas,
      updatedReplicas: spec.replicas,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    },
  };
}

function qosClass(
  containers: Array<{ resources?: ContainerSpec['resources'] }>,
) {
  const all = containers.map(c => c.resources ?? {});
  if (all.every(r => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = all.every(
    r =>
      r.limits?.cpu &&
      r.limits?.memory &&
      (r.requests?.cpu ?? r.limits.cpu) === r.limits.cpu &&
      (r.requests?.memory ?? r.limits.memory) === r.limits.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * The pods a workload (Deployment, StatefulSet, DaemonSet or Job) runs, followed by their
 * metrics-server PodMetrics: `n` Running pods with the workload's pod template, owned as the
 * controllers own them (a Deployment's pods by its {@link replicaSetFor} ReplicaSet, a
 * StatefulSet's by it, with ordinal names).
 */
export function podsFor(
  workload: KubeObject,
  n: number,
  usage: UsageSpec,
  options: PodOptions = {},
): KubeObject[] {
  const meta = metaOf(workload);
  const spec = specOf(workload);
  const template = spec.template as {
    metadata: { labels: Record<string, string> };
    spec: {
      containers: Array<{
        name: string;
        image: string;
        resources?: ContainerSpec['resources'];
      }>;
    };
  };
  let owner: { apiVersion: string; kind: string; name: string; uid: string };
  let labels: Record<string, string> = { ...template.metadata.labels };
  let podName: (i: number) => string;
  if (workload.kind === 'Deployment') {
    const rs = replicaSetFor(workload);
    owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: rs.metadata.name,
      uid: rs.metadata.uid as string,
    };
    labels = rs.metadata.labels!;
    podName = i =>
      `${rs.metadata.name}-${suffix(`pod/${rs.metadata.name}/${i}`, 5)}`;
  } else {
    owner = {
      apiVersion: workload.apiVersion,
      kind: workload.kind,
      name: meta.name,
      uid: meta.uid as string,
    };
    if (workload.kind === 'StatefulSet') {
      const revision = (workload.status as Record<string, string>)
        .currentRevision;
      podName = i => `${meta.name}-${i}`;
      labels = { ...labels, 'controller-revision-hash': revision };
    } else {
      podName = i => `${meta.name}-${suffix(`pod/${meta.name}/${i}`, 5)}`;
    }
  }
  const usageOf = (i: number, container: string) =>
    typeof usage === 'function' ? usage(i, container) : usage;

  const pods: KubeObject[] = [];
  const metrics: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = podName(i);
    const restarts = options.restarts?.[i] ?? 0;
    const ready = !options.notReady?.includes(i);
    const podLabels =
      workload.kind === 'StatefulSet'
        ? { ...labels, 'statefulset.kubernetes.io/pod-name': name }
        : labels;
    const node = `pool-general-${suffix(`node/${(i % 3) + (fnv(meta.name) % 2)}`, 5)}`;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        ...(workload.kind === 'StatefulSet'
          ? {}
          : { generateName: `${owner.name}-` }),
        namespace: meta.namespace,
        uid: uid(`Pod/${meta.namespace}/${name}`),
        resourceVersion: String(200000 + (fnv(name) % 800000)),
        creationTimestamp: STARTED_AT,
        labels: podLabels,
        ownerReferences: [
          { ...owner, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: {
        ...structuredClone(template.spec),
        nodeName: node,
        ...(workload.kind === 'StatefulSet'
          ? { hostname: name, subdomain: meta.name }
          : {}),
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Initialized',
            status: 'True',
            lastTransitionTime: STARTED_AT,
          },
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime: STARTED_AT,
            ...(ready
              ? {}
              : {
                  reason: 'ContainersNotReady',
                  message: `containers with unready status: [${template.spec.containers.map(c => c.name).join(' ')}]`,
                }),
          },
          {
            type: 'ContainersReady',
            status: ready ? 'True' : 'False',
            lastTransitionTime: STARTED_AT,
          },
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: STARTED_AT,
          },
        ],
        hostIP: `10.0.${i % 3}.${10 + (fnv(node) % 200)}`,
        podIP: `10.244.${i % 3}.${10 + (fnv(name) % 240)}`,
        podIPs: [{ ip: `10.244.${i % 3}.${10 + (fnv(name) % 240)}` }],
        startTime: STARTED_AT,
        qosClass: qosClass(template.spec.containers),
        containerStatuses: template.spec.containers.map(c => ({
          name: c.name,
          image: c.image,
          imageID: `${c.image.split(':')[0]}@sha256:${uid(c.image).replace(/-/g, '')}${uid(`${c.image}+`).replace(/-/g, '')}`,
          containerID: `containerd://${uid(`${name}/${c.name}`).replace(/-/g, '')}${uid(`${name}/${c.name}+`).replace(/-/g, '')}`,
          ready,
          started: true,
          restartCount: restarts,
          state: { running: { startedAt: STARTED_AT } },
          lastState:
            restarts > 0
              ? {
                  terminated: {
                    exitCode:
                      (options.lastTerminationReason ?? 'OOMKilled') ===
                      'OOMKilled'
                        ? 137
                        : 1,
                    reason: options.lastTerminationReason ?? 'OOMKilled',
                    startedAt: CREATED_AT,
                    finishedAt: STARTED_AT,
                    containerID: `containerd://${uid(`${name}/${c.name}/previous`).replace(/-/g, '')}`,
                  },
                }
              : {},
        })),
      },
    });
    if (!options.withoutMetrics) {
      const containers = template.spec.containers.flatMap(c => {
        const u = usageOf(i, c.name);
        return u
          ? [{ name: c.name, usage: { cpu: u.cpu, memory: u.memory } }]
          : [];
      });
      metrics.push({
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name,
          namespace: meta.namespace,
          creationTimestamp: SCRAPED_AT,
          labels: podLabels,
        },
        timestamp: SCRAPED_AT,
        window: '15.012s',
        containers,
      });
    }
  }
  return [...pods, ...metrics];
}

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU utilization, with the status the controller writes. */
export function horizontalPodAutoscaler(opts: {
  target: KubeObject;
  minReplicas: number;
  maxReplicas: number;
  targetCpuUtilization: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** The current average CPU utilization in percent of the requests. */
  currentCpuUtilization: number;
  /** The current average CPU, as a quantity (e.g. `'912m'`). */
  currentCpuAverage: string;
}): KubeObject {
  const meta = metaOf(opts.target);
  const limited = opts.desiredReplicas >= opts.maxReplicas;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: uid(`HorizontalPodAutoscaler/${meta.namespace}/${meta.name}`),
      resourceVersion: String(Number(meta.resourceVersion) + 7),
      creationTimestamp: CREATED_AT,
      labels: meta.labels,
    },
    spec: {
      scaleTargetRef: {
        apiVersion: opts.target.apiVersion,
        kind: opts.target.kind,
        name: meta.name,
      },
      minReplicas: opts.minReplicas,
      maxReplicas: opts.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: opts.targetCpuUtilization,
            },
          },
        },
      ],
    },
    status: {
      lastScaleTime: STARTED_AT,
      currentReplicas: opts.currentReplicas,
      desiredReplicas: opts.desiredReplicas,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: {
              averageValue: opts.currentCpuAverage,
              averageUtilization: opts.currentCpuUtilization,
            },
          },
        },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          lastTransitionTime: CREATED_AT,
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
        {
          type: 'ScalingActive',
          status: 'True',
          lastTransitionTime: CREATED_AT,
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        },
        limited
          ? {
              type: 'ScalingLimited',
              status: 'True',
              lastTransitionTime: STARTED_AT,
              reason: 'TooManyReplicas',
              message:
                'the desired replica count is more than the maximum replica count',
            }
          : {
              type: 'ScalingLimited',
              status: 'False',
              lastTransitionTime: CREATED_AT,
              reason: 'DesiredWithinRange',
              message: 'the desired count is within the acceptable range',
            },
      ],
    },
  };
}

/** A ClusterIP Service in front of a workload's pods (headless for a StatefulSet). */
export function serviceFor(workload: KubeObject, port: number): KubeObject {
  const meta = metaOf(workload);
  const headless = workload.kind === 'StatefulSet';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: uid(`Service/${meta.namespace}/${meta.name}`),
      resourceVersion: String(Number(meta.resourceVersion) + 3),
      creationTimestamp: CREATED_AT,
      labels: meta.labels,
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: headless
        ? 'None'
        : `10.96.${fnv(meta.name) % 250}.${fnv(`${meta.name}.`) % 250}`,
      selector: specOf(workload).selector.matchLabels,
      ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }],
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

// --- The demo cluster -------------------------------------------------------------------

/** The entities of the demo cluster, by their `backstage.io/kubernetes-id`. */
export const DEMO_IDS = {
  petstore: 'petstore',
  artistLookup: 'artist-lookup',
  newsletter: 'newsletter',
  waybackArchiveStorage: 'wayback-archive-storage',
} as const;

/**
 * What the demo cluster holds, for assertions. `petstore` runs 10 pods: its HPA (3–10) has
 * scaled it to its maximum, so the Deployment's `spec.replicas` is 10 (the HPA writes it).
 */
export const DEMO = {
  petstore: {
    namespace: 'shop',
    replicas: 10,
    readyReplicas: 9,
    hpa: {
      minReplicas: 3,
      maxReplicas: 10,
      current: 10,
      targetCpuUtilization: 70,
    },
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  artistLookup: {
    namespace: 'music',
    replicas: 4,
    requests: { cpu: '1', memory: '2Gi' },
    limits: { cpu: '2', memory: '4Gi' },
  },
  newsletter: { namespace: 'marketing', replicas: 1 },
  waybackArchiveStorage: {
    namespace: 'archive',
    replicas: 3,
    requests: { cpu: '250m', memory: '1Gi' },
    limits: { memory: '1Gi' },
  },
} as const;

/** petstore: near its limits (1 CPU / 1Gi), nanocores and Ki as metrics-server writes them, a few in m/Mi. */
function petstoreUsage(i: number): ContainerUsage {
  const cpuMilli = 880 + ((i * 37) % 80); // 880m..959m
  const memoryMi = 900 + ((i * 29) % 90); // 900Mi..989Mi
  return i % 3 === 2
    ? { cpu: `${cpuMilli}m`, memory: `${memoryMi}Mi` }
    : {
        cpu: `${cpuMilli * 1_000_000 + ((i * 7919) % 1_000_000)}n`,
        memory: `${memoryMi * 1024 + ((i * 131) % 1000)}Ki`,
      };
}

/** artist-lookup: ~50m / ~200Mi of 1 CPU / 2Gi requested. */
function artistLookupUsage(i: number): ContainerUsage {
  return i % 2 === 0
    ? {
        cpu: `${(46 + i) * 1_000_000 + 250_000}n`,
        memory: `${198 * 1024 + i * 512}Ki`,
      }
    : { cpu: `${50 + i}m`, memory: `${200 + i}Mi` };
}

/** The demo cluster's objects: workloads, their ReplicaSets, pods, PodMetrics, HPA, Services, a PDB. */
export function demoCluster(): KubeObject[] {
  const petstore = deployment({
    name: 'petstore',
    namespace: DEMO.petstore.namespace,
    replicas: DEMO.petstore.replicas,
    readyReplicas: DEMO.petstore.readyReplicas,
    containers: [
      {
        name: 'petstore',
        image: 'registry.example.com/shop/petstore:2.14.1',
        port: 8080,
        resources: {
          requests: { ...DEMO.petstore.requests },
          limits: { ...DEMO.petstore.limits },
        },
      },
    ],
  });
  // Another service in the same namespace: must not show up for petstore.
  const petstoreCache = deployment({
    name: 'petstore-cache',
    namespace: DEMO.petstore.namespace,
    replicas: 1,
    containers: [
      {
        name: 'redis',
        image: 'redis:7.2.4',
        port: 6379,
        resources: {
          requests: { cpu: '100m', memory: '256Mi' },
          limits: { memory: '256Mi' },
        },
      },
    ],
  });
  const artistLookup = deployment({
    name: 'artist-lookup',
    namespace: DEMO.artistLookup.namespace,
    replicas: DEMO.artistLookup.replicas,
    containers: [
      {
        name: 'artist-lookup',
        image: 'registry.example.com/music/artist-lookup:1.8.0',
        port: 3000,
        resources: {
          requests: { ...DEMO.artistLookup.requests },
          limits: { ...DEMO.artistLookup.limits },
        },
      },
    ],
  });
  const newsletter = deployment({
    name: 'newsletter',
    namespace: DEMO.newsletter.namespace,
    replicas: DEMO.newsletter.replicas,
    containers: [
      {
        name: 'newsletter',
        image: 'registry.example.com/marketing/newsletter:0.9.3',
        port: 8000,
      },
    ],
  });
  const wayback = statefulSet({
    name: 'wayback-archive-storage',
    namespace: DEMO.waybackArchiveStorage.namespace,
    replicas: DEMO.waybackArchiveStorage.replicas,
    storage: '50Gi',
    containers: [
      {
        name: 'storage',
        image: 'registry.example.com/archive/wayback-storage:4.2.0',
        port: 9000,
        resources: {
          requests: { ...DEMO.waybackArchiveStorage.requests },
          limits: { ...DEMO.waybackArchiveStorage.limits },
        },
      },
    ],
  });
  const waybackPdb: KubeObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: 'wayback-archive-storage',
      namespace: DEMO.waybackArchiveStorage.namespace,
      uid: uid('PodDisruptionBudget/archive/wayback-archive-storage'),
      creationTimestamp: CREATED_AT,
      labels: wayback.metadata.labels,
    },
    spec: {
      minAvailable: 2,
      selector: { matchLabels: specOf(wayback).selector.matchLabels },
    },
    status: {
      observedGeneration: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      expectedPods: 3,
    },
  };

  return [
    petstore,
    replicaSetFor(petstore),
    ...podsFor(petstore, DEMO.petstore.replicas, petstoreUsage, {
      restarts: { 2: 1, 7: 4 },
      notReady: [7],
    }),
    horizontalPodAutoscaler({
      target: petstore,
      minReplicas: DEMO.petstore.hpa.minReplicas,
      maxReplicas: DEMO.petstore.hpa.maxReplicas,
      targetCpuUtilization: DEMO.petstore.hpa.targetCpuUtilization,
      currentReplicas: DEMO.petstore.hpa.current,
      desiredReplicas: DEMO.petstore.hpa.current,
      currentCpuUtilization: 183,
      currentCpuAverage: '916m',
    }),
    serviceFor(petstore, 8080),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'petstore-config',
        namespace: DEMO.petstore.namespace,
        uid: uid('ConfigMap/shop/petstore-config'),
        creationTimestamp: CREATED_AT,
        labels: petstore.metadata.labels,
      },
      data: { LOG_LEVEL: 'info', DB_POOL_SIZE: '20' },
    },
    petstoreCache,
    replicaSetFor(petstoreCache),
    ...podsFor(petstoreCache, 1, { cpu: '4m', memory: '12Mi' }),
    artistLookup,
    replicaSetFor(artistLookup),
    ...podsFor(artistLookup, DEMO.artistLookup.replicas, artistLookupUsage),
    serviceFor(artistLookup, 3000),
    newsletter,
    replicaSetFor(newsletter),
    ...podsFor(newsletter, DEMO.newsletter.replicas, {
      cpu: '21m',
      memory: '96Mi',
    }),
    wayback,
    ...podsFor(wayback, DEMO.waybackArchiveStorage.replicas, i => ({
      cpu: `${180 + i * 15}m`,
      memory: `${(700 + i * 40) * 1024}Ki`,
    })),
    serviceFor(wayback, 9000),
    waybackPdb,
  ];
}

/** Catalog Components for the demo cluster, annotated with their `backstage.io/kubernetes-id`. */
export function demoComponents(): Entity[] {
  return Object.values(DEMO_IDS).map(id => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      annotations: { [KUBERNETES_ID]: id },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  }));
}

// --- The example org's cluster (npm start) -----------------------------------------------

/**
 * The Components of the example org (examples/components.yaml) that the demo cluster of
 * `npm start` (scripts/demo-kubernetes.js) runs, by their `backstage.io/kubernetes-id`.
 */
export const EXAMPLE_ORG_IDS = {
  checkout: 'checkout',
  ordersApi: 'orders-api',
  search: 'search',
  catalogApi: 'catalog-api',
  notifications: 'notifications',
  marketingSite: 'marketing-site',
} as const;

/**
 * What the example org's cluster runs, for assertions and the README:
 * - `checkout`: its HPA (4–12) has scaled it to its maximum, the pods above their CPU request;
 *   Istio sidecars injected into the pods.
 * - `orders-api`: an HPA (2–8) at 3 replicas, requests close to the usage.
 * - `search`: a StatefulSet of 3 with Linkerd sidecars and no HPA (its catalog entry declares
 *   an autoscaler).
 * - `catalog-api`: 4 replicas requesting 1 CPU and 2Gi each, using about 60m and 240Mi.
 * - `notifications`: an HPA (2–6) at its minimum, and a log shipper sidecar that requests
 *   nothing.
 * - `marketing-site`: 2 replicas (its catalog entry says it runs on a VPS).
 */
export const EXAMPLE_ORG = {
  checkout: {
    namespace: 'storefront',
    replicas: 12,
    hpa: { minReplicas: 4, maxReplicas: 12, current: 12 },
    requests: { cpu: '500m', memory: '768Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  ordersApi: {
    namespace: 'storefront',
    replicas: 3,
    hpa: { minReplicas: 2, maxReplicas: 8, current: 3 },
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  search: {
    namespace: 'storefront',
    replicas: 3,
    requests: { cpu: '2', memory: '8Gi' },
    limits: { cpu: '2', memory: '8Gi' },
  },
  catalogApi: {
    namespace: 'storefront',
    replicas: 4,
    requests: { cpu: '1', memory: '2Gi' },
    limits: { cpu: '2', memory: '4Gi' },
    /** The busiest pod's usage. */
    peakUsage: { cpu: '61m', memory: '236Mi' },
  },
  notifications: {
    namespace: 'internal-tools',
    replicas: 2,
    hpa: { minReplicas: 2, maxReplicas: 6, current: 2 },
    requests: { cpu: '200m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  marketingSite: {
    namespace: 'growth',
    replicas: 2,
    requests: { cpu: '50m', memory: '64Mi' },
    limits: { cpu: '200m', memory: '128Mi' },
  },
} as const;

/** Liveness and readiness probes on `path`, on the named containers of a workload's pod template. */
function withProbes(
  workload: KubeObject,
  containers: string[],
  path: string,
  port: number,
): KubeObject {
  const probe = (periodSeconds: number) => ({
    httpGet: { path, port, scheme: 'HTTP' },
    initialDelaySeconds: 10,
    periodSeconds,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  });
  for (const c of specOf(workload).template.spec.containers) {
    if (containers.includes(c.name)) {
      c.livenessProbe = probe(10);
      c.readinessProbe = probe(5);
    }
  }
  return workload;
}

/** A mesh's proxy as its admission webhook injects it into pods (not into the workload's template). */
const MESH_PROXIES = {
  istio: {
    container: {
      name: 'istio-proxy',
      image: 'docker.io/istio/proxyv2:1.22.3',
      args: [
        'proxy',
        'sidecar',
        '--domain',
        '$(POD_NAMESPACE).svc.cluster.local',
      ],
      ports: [
        { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
      ],
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '2', memory: '1Gi' },
      },
      readinessProbe: {
        httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
        periodSeconds: 15,
        timeoutSeconds: 3,
        successThreshold: 1,
        failureThreshold: 4,
      },
    },
    annotations: {
      'sidecar.istio.io/status':
        '{"initContainers":["istio-init"],"containers":["istio-proxy"]}',
    },
    usage: { cpu: '14m', memory: '58Mi' },
  },
  linkerd: {
    container: {
      name: 'linkerd-proxy',
      image: 'cr.l5d.io/linkerd/proxy:stable-2.14.10',
      ports: [{ name: 'linkerd-admin', containerPort: 4191, protocol: 'TCP' }],
      resources: {},
      readinessProbe: {
        httpGet: { path: '/ready', port: 4191, scheme: 'HTTP' },
        initialDelaySeconds: 2,
        periodSeconds: 10,
        timeoutSeconds: 1,
        successThreshold: 1,
        failureThreshold: 3,
      },
    },
    annotations: { 'linkerd.io/proxy-version': 'stable-2.14.10' },
    usage: { cpu: '6m', memory: '21Mi' },
  },
} as const;

/** Injects a mesh's proxy into the pods among `objects` (and its usage into their PodMetrics). */
function withMeshProxy(
  objects: KubeObject[],
  mesh: keyof typeof MESH_PROXIES,
): KubeObject[] {
  const proxy = MESH_PROXIES[mesh];
  for (const obj of objects) {
    if (obj.kind === 'Pod') {
      const spec = obj.spec as Record<string, any>;
      const status = obj.status as Record<string, any>;
      spec.containers.push(structuredClone(proxy.container));
      obj.metadata.annotations = {
        ...obj.metadata.annotations,
        ...proxy.annotations,
      };
      const [first] = status.containerStatuses;
      status.containerStatuses.push({
        ...structuredClone(first),
        name: proxy.container.name,
        image: proxy.container.image,
        restartCount: 0,
        lastState: {},
      });
    } else if (obj.kind === 'PodMetrics') {
      (obj.containers as Array<Record<string, unknown>>).push({
        name: proxy.container.name,
        usage: { ...proxy.usage },
      });
    }
  }
  return objects;
}

/** `m` and `Mi` for one pod in three, nanocores and `Ki` for the others, as metrics-server mixes them. */
function usageAt(
  i: number,
  cpuMilli: number,
  memoryMi: number,
): ContainerUsage {
  return i % 3 === 2
    ? { cpu: `${cpuMilli}m`, memory: `${memoryMi}Mi` }
    : {
        cpu: `${cpuMilli * 1_000_000 - ((i * 7919) % 900_000)}n`,
        memory: `${memoryMi * 1024 - ((i * 131) % 1000)}Ki`,
      };
}

/**
 * The cluster that `npm start` serves for the example org (scripts/demo-kubernetes.js):
 * workloads labelled with the `backstage.io/kubernetes-id` of six Components of
 * examples/components.yaml, in their systems' namespaces (see {@link EXAMPLE_ORG}).
 */
export function exampleOrgCluster(): KubeObject[] {
  const E = EXAMPLE_ORG;
  const checkout = withProbes(
    deployment({
      name: 'checkout',
      namespace: E.checkout.namespace,
      replicas: E.checkout.replicas,
      containers: [
        {
          name: 'checkout',
          image: 'registry.example.com/storefront/checkout:5.12.0',
          port: 8080,
          resources: {
            requests: { ...E.checkout.requests },
            limits: { ...E.checkout.limits },
          },
        },
      ],
    }),
    ['checkout'],
    '/healthz',
    8080,
  );
  const ordersApi = withProbes(
    deployment({
      name: 'orders-api',
      namespace: E.ordersApi.namespace,
      replicas: E.ordersApi.replicas,
      containers: [
        {
          name: 'orders-api',
          image: 'registry.example.com/storefront/orders-api:3.4.2',
          port: 8080,
          resources: {
            requests: { ...E.ordersApi.requests },
            limits: { ...E.ordersApi.limits },
          },
        },
      ],
    }),
    ['orders-api'],
    '/health',
    8080,
  );
  const search = withProbes(
    statefulSet({
      name: 'search',
      namespace: E.search.namespace,
      replicas: E.search.replicas,
      storage: '200Gi',
      containers: [
        {
          name: 'search',
          image: 'registry.example.com/storefront/search:8.13.4',
          port: 9200,
          resources: {
            requests: { ...E.search.requests },
            limits: { ...E.search.limits },
          },
        },
      ],
    }),
    ['search'],
    '/actuator/health',
    9200,
  );
  const catalogApi = withProbes(
    deployment({
      name: 'catalog-api',
      namespace: E.catalogApi.namespace,
      replicas: E.catalogApi.replicas,
      containers: [
        {
          name: 'catalog-api',
          image: 'registry.example.com/storefront/catalog-api:1.19.0',
          port: 8000,
          resources: {
            requests: { ...E.catalogApi.requests },
            limits: { ...E.catalogApi.limits },
          },
        },
      ],
    }),
    ['catalog-api'],
    '/healthz',
    8000,
  );
  const notifications = withProbes(
    deployment({
      name: 'notifications',
      namespace: E.notifications.namespace,
      replicas: E.notifications.replicas,
      containers: [
        {
          name: 'notifications',
          image: 'registry.example.com/internal-tools/notifications:2.7.1',
          port: 8080,
          resources: {
            requests: { ...E.notifications.requests },
            limits: { ...E.notifications.limits },
          },
        },
        // Ships the service's logs; nobody gave it requests.
        { name: 'log-shipper', image: 'fluent/fluent-bit:3.0.7' },
      ],
    }),
    ['notifications'],
    '/healthz',
    8080,
  );
  const marketingSite = withProbes(
    deployment({
      name: 'marketing-site',
      namespace: E.marketingSite.namespace,
      replicas: E.marketingSite.replicas,
      containers: [
        {
          name: 'marketing-site',
          image: 'registry.example.com/growth/marketing-site:2025.03.1',
          port: 3000,
          resources: {
            requests: { ...E.marketingSite.requests },
            limits: { ...E.marketingSite.limits },
          },
        },
      ],
    }),
    ['marketing-site'],
    '/',
    3000,
  );

  return [
    // checkout: the HPA wants more than its maximum; the pods run above their CPU request.
    checkout,
    replicaSetFor(checkout),
    ...withMeshProxy(
      podsFor(checkout, E.checkout.replicas, i =>
        usageAt(i, 820 + ((i * 37) % 131), 610 + ((i * 23) % 91)),
      ),
      'istio',
    ),
    horizontalPodAutoscaler({
      target: checkout,
      minReplicas: E.checkout.hpa.minReplicas,
      maxReplicas: E.checkout.hpa.maxReplicas,
      targetCpuUtilization: 70,
      currentReplicas: E.checkout.hpa.current,
      desiredReplicas: E.checkout.hpa.current,
      currentCpuUtilization: 176,
      currentCpuAverage: '881m',
    }),
    serviceFor(checkout, 8080),

    // orders-api: within its HPA's range, requests close to the usage.
    ordersApi,
    replicaSetFor(ordersApi),
    ...podsFor(ordersApi, E.ordersApi.replicas, i =>
      usageAt(i, 128 + i * 12, 160 + i * 12),
    ),
    horizontalPodAutoscaler({
      target: ordersApi,
      minReplicas: E.ordersApi.hpa.minReplicas,
      maxReplicas: E.ordersApi.hpa.maxReplicas,
      targetCpuUtilization: 70,
      currentReplicas: E.ordersApi.hpa.current,
      desiredReplicas: E.ordersApi.hpa.current,
      currentCpuUtilization: 56,
      currentCpuAverage: '140m',
    }),
    serviceFor(ordersApi, 8080),

    // search: a StatefulSet with Linkerd's proxy in its pods, and no HPA.
    search,
    ...withMeshProxy(
      podsFor(search, E.search.replicas, i =>
        usageAt(i, 1300 + i * 100, 5940 + i * 300),
      ),
      'linkerd',
    ),
    serviceFor(search, 9200),

    // catalog-api: four replicas that use a twentieth of what they request.
    catalogApi,
    replicaSetFor(catalogApi),
    ...podsFor(catalogApi, E.catalogApi.replicas, i =>
      i === 2
        ? { ...E.catalogApi.peakUsage }
        : usageAt(i, 38 + i * 5, 170 + i * 15),
    ),
    serviceFor(catalogApi, 8000),

    // notifications: held at its HPA's minimum; the log shipper requests nothing.
    notifications,
    replicaSetFor(notifications),
    ...podsFor(notifications, E.notifications.replicas, (i, container) =>
      container === 'log-shipper'
        ? { cpu: `${4 + i}m`, memory: `${18 + i}Mi` }
        : usageAt(i, 150 + i * 20, 190 + i * 20),
    ),
    horizontalPodAutoscaler({
      target: notifications,
      minReplicas: E.notifications.hpa.minReplicas,
      maxReplicas: E.notifications.hpa.maxReplicas,
      targetCpuUtilization: 80,
      currentReplicas: E.notifications.hpa.current,
      desiredReplicas: E.notifications.hpa.current,
      currentCpuUtilization: 80,
      currentCpuAverage: '160m',
    }),
    serviceFor(notifications, 8080),

    // marketing-site: its catalog entry says a VPS; it runs here.
    marketingSite,
    replicaSetFor(marketingSite),
    ...podsFor(marketingSite, E.marketingSite.replicas, i =>
      usageAt(i, 18 + i * 4, 44 + i * 8),
    ),
    serviceFor(marketingSite, 3000),
  ];
}
