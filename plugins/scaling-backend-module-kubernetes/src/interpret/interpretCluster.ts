/*
 * What the Kubernetes plugin's action returned for one entity, read as the Scaling Advisor's
 * evidence (docs/rules.md #right-sizing): the workloads it runs (Deployments, StatefulSets,
 * DaemonSets) with their replicas, autoscaler, containers' requests, usage from pod metrics and
 * restarts; and the values measured on them, each naming the cluster and the object. Pure and
 * total: the cluster's content is untrusted, bounded, and never makes it throw.
 */
import {
  LiveContainer,
  LiveWorkload,
  Platform,
  parseQuantity,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  EvidenceFindings,
} from '@scaling-advisor/backstage-plugin-scaling-node';

type Obj = Record<string, any>;

const WORKLOAD_TYPES: ReadonlyArray<[string, string]> = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
];
/** At most this many objects of one type per cluster are read. */
const MAX_OBJECTS = 500;
const MAX_CLUSTERS = 20;
const MESH_SIDECARS: ReadonlyArray<[string, string]> = [
  ['istio-proxy', 'istio'],
  ['linkerd-proxy', 'linkerd'],
];

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.slice(0, MAX_OBJECTS).filter(isObj) : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 253) : '';
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : null;
}

/** The cluster's objects of one type (`deployments`, `pods`…). */
function ofType(cluster: Obj, type: string): Obj[] {
  return list(cluster.resources)
    .filter(r => r.type === type)
    .flatMap(r => list(r.resources));
}

function matches(selector: unknown, labels: unknown): boolean {
  if (!isObj(selector) || !isObj(labels)) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** Usage per container name of the workload's pods: the highest among them. */
function usageOf(pods: Obj[], podMetrics: Obj[]) {
  const names = new Set(
    pods.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
  );
  const usage = new Map<string, { cpu: number; memory: number }>();
  for (const metric of podMetrics) {
    const pod = metric.pod?.metadata;
    if (!names.has(`${pod?.namespace}/${pod?.name}`)) continue;
    for (const c of list(metric.containers)) {
      // CPU arrives as a number of cores, memory as a string of bytes.
      const cpu = parseQuantity(c.cpuUsage?.currentUsage);
      const memory = parseQuantity(c.memoryUsage?.currentUsage);
      if (cpu === null || memory === null) continue;
      const seen = usage.get(str(c.container));
      usage.set(str(c.container), {
        cpu: Math.max(seen?.cpu ?? 0, cpu),
        memory: Math.max(seen?.memory ?? 0, memory),
      });
    }
  }
  return usage;
}

function restartsOf(pods: Obj[]): Map<string, number> {
  const restarts = new Map<string, number>();
  for (const pod of pods) {
    for (const status of list(pod.status?.containerStatuses)) {
      const name = str(status.name);
      restarts.set(
        name,
        (restarts.get(name) ?? 0) + (count(status.restartCount) ?? 0),
      );
    }
  }
  return restarts;
}

interface Read {
  workload: LiveWorkload;
  object: string;
  probes: boolean;
  limits: boolean;
  mesh: string | null;
  hpa: string | null;
}

function readWorkload(
  clusterName: string,
  kind: string,
  w: Obj,
  pods: Obj[],
  hpas: Obj[],
  podMetrics: Obj[],
): Read {
  const namespace = str(w.metadata?.namespace) || 'default';
  const name = str(w.metadata?.name);
  const own = pods.filter(
    p =>
      (str(p.metadata?.namespace) || 'default') === namespace &&
      matches(w.spec?.selector?.matchLabels, p.metadata?.labels),
  );
  const usage = usageOf(own, podMetrics);
  const restarts = restartsOf(own);
  const specContainers = list(w.spec?.template?.spec?.containers).slice(0, 20);
  const containers: LiveContainer[] = specContainers.map(c => {
    const used = usage.get(str(c.name));
    return {
      name: str(c.name),
      cpuRequestCores: parseQuantity(c.resources?.requests?.cpu),
      memoryRequestBytes: parseQuantity(c.resources?.requests?.memory),
      cpuUsageCores: used ? Number(used.cpu.toFixed(4)) : null,
      memoryUsageBytes: used ? Math.round(used.memory) : null,
      restarts: restarts.get(str(c.name)) ?? 0,
    };
  });
  const hpa = hpas.find(
    h =>
      (str(h.metadata?.namespace) || 'default') === namespace &&
      h.spec?.scaleTargetRef?.kind === kind &&
      h.spec?.scaleTargetRef?.name === name,
  );
  const desired = kind === 'DaemonSet' ? null : (count(w.spec?.replicas) ?? 1);
  const ready =
    kind === 'DaemonSet'
      ? count(w.status?.numberReady)
      : (count(w.status?.readyReplicas) ?? 0);
  const max = count(hpa?.spec?.maxReplicas);
  const autoscaler =
    hpa && max !== null
      ? {
          min: count(hpa.spec?.minReplicas) ?? 1,
          max,
          current: count(hpa.status?.currentReplicas) ?? desired ?? max,
        }
      : null;
  const sidecars = own.flatMap(p =>
    list(p.spec?.containers).map(c => str(c.name)),
  );
  return {
    workload: {
      cluster: clusterName,
      kind,
      namespace,
      name,
      replicas: { desired, ready },
      autoscaler,
      containers,
    },
    object: `${clusterName}: ${kind} ${namespace}/${name}`,
    probes:
      specContainers.length > 0 &&
      specContainers.every(
        c => isObj(c.livenessProbe) && isObj(c.readinessProbe),
      ),
    limits:
      specContainers.length > 0 &&
      specContainers.every(
        c =>
          c.resources?.requests?.cpu !== undefined &&
          c.resources?.requests?.memory !== undefined &&
          c.resources?.limits?.cpu !== undefined &&
          c.resources?.limits?.memory !== undefined,
      ),
    mesh:
      MESH_SIDECARS.find(([container]) => sidecars.includes(container))?.[1] ??
      null,
    hpa: hpa
      ? `${clusterName}: HorizontalPodAutoscaler ${namespace}/${str(hpa.metadata?.name)}`
      : null,
  };
}

/** What one cluster's errors say, for a finding. */
function errorsOf(cluster: Obj, name: string): string[] {
  return list(cluster.errors)
    .slice(0, 5)
    .map(
      e =>
        `${name}: ${str(e.errorType) || 'error'}${e.statusCode ? ` ${e.statusCode}` : ''}${e.message ? ` (${str(e.message)})` : ''}${e.resourcePath ? ` at ${str(e.resourcePath)}` : ''}`,
    );
}

/**
 * The evidence of one entity from the action's `items` (one per cluster): measured values, the
 * workloads for right-sizing, and a `kubernetes-unavailable` problem for each cluster that
 * answered with errors only.
 *
 * @param platforms - each cluster's platform, when the app's cluster config says (EKS, AKS, GKE)
 */
export function interpretCluster(
  items: unknown,
  platforms: ReadonlyMap<string, Platform> = new Map(),
): EntityEvidence {
  const reads: Read[] = [];
  const problems: string[] = [];
  for (const cluster of list(items).slice(0, MAX_CLUSTERS)) {
    const name = str(cluster.cluster?.name) || 'cluster';
    const pods = ofType(cluster, 'pods');
    const hpas = ofType(cluster, 'horizontalpodautoscalers');
    const podMetrics = list(cluster.podMetrics);
    const found: Read[] = [];
    for (const [type, kind] of WORKLOAD_TYPES) {
      for (const w of ofType(cluster, type))
        found.push(readWorkload(name, kind, w, pods, hpas, podMetrics));
    }
    if (found.length === 0) problems.push(...errorsOf(cluster, name));
    reads.push(...found);
  }
  const evidence: EntityEvidence = { values: {}, workloads: [] };
  if (problems.length > 0) {
    evidence.problems = [
      {
        id: 'kubernetes-unavailable',
        message: `The live cluster could not be read: ${problems.join('; ')}. Its values are left out.`,
      },
    ];
  }
  if (reads.length === 0) return evidence;
  const first = reads[0];
  const values: EvidenceFindings = {
    platform: {
      value: platforms.get(first.workload.cluster) ?? 'kubernetes',
      evidence: first.object,
    },
  };
  const hpa = reads.find(r => r.hpa);
  values.autoscaling = {
    value: hpa !== undefined,
    evidence: hpa?.hpa ?? `${first.object}: no HorizontalPodAutoscaler`,
  };
  const minimum = reads
    .filter(r => r.workload.kind !== 'DaemonSet')
    .map(r => ({
      n: r.workload.autoscaler?.min ?? r.workload.replicas.desired ?? 1,
      r,
    }))
    .sort((a, b) => a.n - b.n)[0];
  if (minimum) {
    values.minReplicas = {
      value: minimum.n,
      evidence: `${minimum.r.object}: ${minimum.r.workload.autoscaler ? 'autoscaler minimum' : 'replicas'} ${minimum.n}`,
    };
  }
  const noLimits = reads.find(r => !r.limits);
  values.resourceLimits = {
    value: !noLimits,
    evidence: noLimits
      ? `${noLimits.object}: a container without CPU and memory requests and limits`
      : `${first.object}: requests and limits on every container`,
  };
  const noProbes = reads.find(r => !r.probes);
  values.probes = {
    value: !noProbes,
    evidence: noProbes
      ? `${noProbes.object}: a container without liveness and readiness probes`
      : `${first.object}: liveness and readiness probes`,
  };
  // No deployment strategy: a RollingUpdate Deployment is also what Argo Rollouts and Flagger
  // drive for a canary or blue-green; the declared strategy stays in force.
  const mesh = reads.find(r => r.mesh);
  if (mesh)
    values.serviceMesh = {
      value: true,
      evidence: `${mesh.object}: ${mesh.mesh} sidecars in its pods`,
    };
  evidence.values = values;
  evidence.workloads = reads.map(r => r.workload);
  return evidence;
}
