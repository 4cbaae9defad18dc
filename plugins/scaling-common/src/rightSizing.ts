/*
 * Right-sizing that knows the autoscaler (docs/rules.md #right-sizing): what a live cluster
 * says each container requests and uses, the requests it should have, and what they save. The
 * guide's cost tip "right-size containers", measured rather than declared. A workload at its
 * autoscaler's maximum is under-provisioned whatever its requests say (the autoscaler has run
 * out of room); one held at its minimum with low usage is over-provisioned.
 */

/** One container of a workload, as the cluster runs it. @public */
export interface LiveContainer {
  name: string;
  /** Per pod; null when the container requests none. */
  cpuRequestCores: number | null;
  memoryRequestBytes: number | null;
  /** The highest usage among the workload's pods (pod metrics); null when not measured. */
  cpuUsageCores: number | null;
  memoryUsageBytes: number | null;
  /** Restarts summed over the workload's pods. */
  restarts: number;
}

/** A workload as the cluster runs it (the Kubernetes module's reading). @public */
export interface LiveWorkload {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  /** Desired and ready replicas. */
  replicas: { desired: number | null; ready: number | null };
  /** Its HorizontalPodAutoscaler, when one targets it. */
  autoscaler: { min: number; max: number; current: number } | null;
  containers: LiveContainer[];
}

/** @public */
export type RightSizingVerdict =
  'over-requested' | 'under-requested' | 'no-requests' | 'right-sized';

/** One container, sized. @public */
export interface ContainerSizing {
  /** `production: Deployment default/petstore` */
  workload: string;
  container: string;
  cpuRequestCores: number | null;
  cpuUsageCores: number | null;
  memoryRequestBytes: number | null;
  memoryUsageBytes: number | null;
  /** The requests it should have; null when its usage is not measured. */
  recommended: { cpuCores: number; memoryBytes: number } | null;
  verdict: RightSizingVerdict;
}

/**
 * What the live cluster says of the service's sizing: each container's requests against its
 * usage, the autoscaler, and what the recommended requests save over all replicas.
 *
 * @public
 */
export interface RightSizing {
  containers: ContainerSizing[];
  /** The first workload's autoscaler; null when none targets it. */
  autoscaler: {
    min: number;
    max: number;
    current: number;
    atMax: boolean;
    /** The workload it scales, as `workload` names it. */
    workload: string;
  } | null;
  /** Cores and bytes the recommended requests free, summed over the replicas. */
  saving: { cpuCores: number; memoryBytes: number };
}

/**
 * The rule's numbers: requests are recommended at the measured usage plus 30% headroom (never
 * below 10m CPU and 32 MiB), rounded up to 10m and 1 MiB; a request more than twice the
 * recommendation (any request above it, for a workload its autoscaler holds at its minimum) is
 * over-requested, one below the measured usage under-requested.
 *
 * @public
 */
export const RIGHT_SIZING = {
  headroom: 1.3,
  minCpuCores: 0.01,
  minMemoryBytes: 32 * 1024 * 1024,
  overFactor: 2,
} as const;

const MIB = 1024 * 1024;

function roundUp(value: number, step: number): number {
  // Float noise (0.1 * 3 = 0.30000000000000004) must not add a step.
  return Math.ceil(value / step - 1e-9) * step;
}

function recommend(container: LiveContainer): ContainerSizing['recommended'] {
  if (container.cpuUsageCores === null || container.memoryUsageBytes === null)
    return null;
  const cpu = Math.max(
    container.cpuUsageCores * RIGHT_SIZING.headroom,
    RIGHT_SIZING.minCpuCores,
  );
  const memory = Math.max(
    container.memoryUsageBytes * RIGHT_SIZING.headroom,
    RIGHT_SIZING.minMemoryBytes,
  );
  return {
    cpuCores: Number(roundUp(cpu, 0.01).toFixed(2)),
    memoryBytes: roundUp(memory, MIB),
  };
}

/** A workload as the findings and the contract name it. @public */
export function workloadName(w: LiveWorkload): string {
  return `${w.cluster}: ${w.kind} ${w.namespace}/${w.name}`;
}

function verdictOf(
  container: LiveContainer,
  recommended: ContainerSizing['recommended'],
  atMax: boolean,
  atMin: boolean,
): RightSizingVerdict {
  if (
    container.cpuRequestCores === null &&
    container.memoryRequestBytes === null
  )
    return 'no-requests';
  // The autoscaler has no room left: more pods are wanted, whatever each one requests.
  if (atMax) return 'under-requested';
  if (!recommended) return 'right-sized';
  const under =
    (container.cpuRequestCores !== null &&
      container.cpuUsageCores !== null &&
      container.cpuRequestCores < container.cpuUsageCores) ||
    (container.memoryRequestBytes !== null &&
      container.memoryUsageBytes !== null &&
      container.memoryRequestBytes < container.memoryUsageBytes);
  if (under) return 'under-requested';
  // Held at its autoscaler's minimum, any request above the recommendation is too much: the
  // autoscaler never needed the room. Otherwise, more than twice the recommendation.
  const factor = atMin ? 1 : RIGHT_SIZING.overFactor;
  const over =
    (container.cpuRequestCores ?? 0) > recommended.cpuCores * factor ||
    (container.memoryRequestBytes ?? 0) > recommended.memoryBytes * factor;
  return over ? 'over-requested' : 'right-sized';
}

/**
 * docs/rules.md #right-sizing: the service's live containers sized against their usage, aware
 * of the autoscaler; null without cluster data.
 *
 * @public
 */
export function assessRightSizing(
  workloads: readonly LiveWorkload[] | undefined,
): RightSizing | null {
  if (!workloads || workloads.length === 0) return null;
  const containers: ContainerSizing[] = [];
  let cpuSaving = 0;
  let memorySaving = 0;
  for (const w of workloads) {
    const hpa = w.autoscaler;
    const atMax = hpa !== null && hpa.current >= hpa.max;
    const atMin = hpa !== null && hpa.current <= hpa.min;
    const replicas = hpa?.current ?? w.replicas.desired ?? 1;
    for (const c of w.containers) {
      const recommended = recommend(c);
      const verdict = verdictOf(c, recommended, atMax, atMin);
      containers.push({
        workload: workloadName(w),
        container: c.name,
        cpuRequestCores: c.cpuRequestCores,
        cpuUsageCores: c.cpuUsageCores,
        memoryRequestBytes: c.memoryRequestBytes,
        memoryUsageBytes: c.memoryUsageBytes,
        recommended,
        verdict,
      });
      if (verdict === 'over-requested' && recommended) {
        cpuSaving +=
          Math.max(0, (c.cpuRequestCores ?? 0) - recommended.cpuCores) *
          replicas;
        memorySaving +=
          Math.max(0, (c.memoryRequestBytes ?? 0) - recommended.memoryBytes) *
          replicas;
      }
    }
  }
  const scaled = workloads.find(w => w.autoscaler !== null);
  const first = scaled?.autoscaler;
  return {
    containers,
    autoscaler: first
      ? {
          ...first,
          atMax: first.current >= first.max,
          workload: workloadName(scaled!),
        }
      : null,
    saving: {
      cpuCores: Number(cpuSaving.toFixed(2)),
      memoryBytes: Math.round(memorySaving),
    },
  };
}
