import {
  PodSecurityLevel,
  ScalingValueKey,
  ScalingValues,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** One file of a repository, as read: its path from the repository root, and its text. */
export interface RepositoryFile {
  /** POSIX path relative to the repository root, no leading slash: `charts/petstore/Chart.yaml`. */
  path: string;
  text: string;
}

/**
 * One fact a file shows, as the value of a `scaling.io/` key (the type its annotation parses
 * to), with the file and a short reason: `{ key: 'helmChart', value: true,
 * path: 'charts/petstore/Chart.yaml', reason: 'a Helm chart' }`.
 *
 * `of` names what the fact is about: the deployment units (a Deployment, a Compose service, an
 * ECS container) or the objects attached to them (an HPA, a Service) it describes, by their
 * ids. A fact with `of` counts for an entity only when one of those is the entity's own (see
 * `workloads.ts`); a fact without it is about the repository as a whole (a Helm chart, an
 * Argo CD Application, Terraform).
 */
export type Observation = {
  [K in ScalingValueKey]: {
    key: K;
    value: ScalingValues[K];
    path: string;
    reason: string;
    of?: string[];
    /** The line of the document (or instruction) in the file, 1-based, when known. */
    line?: number;
  };
}[ScalingValueKey];

/**
 * A deployment unit: something that runs a container image. Kubernetes workloads, Compose
 * services, ECS and Azure container definitions, Cloud Run services, and the images the
 * repository's Dockerfiles build.
 */
export interface Unit {
  /** Unique within the repository: `<path>:<line>#<resource>/<name>`. */
  id: string;
  path: string;
  line?: number;
  /** What it is, for people: `Deployment`, `Compose service`, `ECS container`, `Dockerfile`. */
  resource: string;
  name: string;
  /** The images it runs, as written (`ghcr.io/acme/petstore:1.4`). */
  images: string[];
  /** A Compose service's build context, or a Dockerfile's folder: it builds its own image. */
  builds?: string;
  /** A Kubernetes workload's pod labels, which Services, PDBs and policies select. */
  labels?: Record<string, string>;
  /** A Kubernetes workload's pod template, as the guide's best practices read it. */
  pod?: PodFacts;
}

/** What a Kubernetes workload's pod template shows (podFacts.ts). */
export interface PodFacts {
  namespace?: string;
  /** `serviceAccountName`; undefined: the namespace's `default`. */
  serviceAccount?: string;
  automountToken?: boolean;
  /** The Pod Security Standard the pod spec meets. */
  securityLevel: PodSecurityLevel;
  /** Every container has requests and limits for CPU and memory. */
  resources: boolean;
  /** Limits within twice the requests; undefined when none declares both. */
  rightSized?: boolean;
  /** Pod anti-affinity or a topology spread. */
  spread: boolean;
  /** Every container has liveness and readiness probes. */
  probes: boolean;
  /** `prometheus.io/scrape: "true"` on the pod template. */
  scrapeAnnotated: boolean;
  /** `spec.replicas` (1 when left out); undefined for a DaemonSet or a templated count. */
  replicas?: number;
  /** Scheduled on spot or preemptible nodes. */
  spot: boolean;
  /** Secrets injected by a secrets manager (Vault's agent, the Secrets Store CSI driver). */
  secretsInjected: boolean;
  /** JSON logging, when the environment or arguments say either way. */
  jsonLogging?: boolean;
  /** W3C Trace Context propagation, when OpenTelemetry's configuration says either way. */
  traceContext?: boolean;
}

/** How an attached object finds the units it is about. */
export type LinkTarget =
  /** A workload by name (an HPA's `scaleTargetRef`, an SLO's service). */
  | { by: 'name'; name: string; resource?: string }
  /** Pods by label selector (a Service, a PDB, a NetworkPolicy); `{}` selects every pod. */
  | { by: 'pods'; selector: Record<string, string> }
  /** A Service by name (an Ingress or a route's backend). */
  | { by: 'service'; name: string }
  /** Services by their own labels (a ServiceMonitor). */
  | { by: 'services'; selector: Record<string, string> }
  /** The workloads of a namespace (a Namespace's Pod Security label). */
  | { by: 'namespace'; name: string };

/** An object that is about units: an HPA, a PDB, a Service, an Ingress, a ServiceMonitor. */
export interface Link {
  id: string;
  path: string;
  line?: number;
  resource: string;
  /** Its own name and labels: routes find a Service by name, ServiceMonitors by labels. */
  name?: string;
  labels?: Record<string, string>;
  targets: LinkTarget[];
  /** An autoscaler's minimum replicas. */
  minReplicas?: number;
}

/**
 * Values a Flux `HelmRelease` or an Argo CD `Application` in the repository passes to a chart:
 * the chart is named by its path in the repository or by its name.
 */
export interface HelmValuesOverride {
  /** Where it was declared. */
  path: string;
  chartPath?: string;
  chartName?: string;
  releaseName?: string;
  namespace?: string;
  values: Record<string, unknown>;
  /** Values files relative to the chart (Argo CD `valueFiles`). */
  valueFiles?: string[];
}

/** What reading one file gave. */
export interface FileRecognition {
  observations: Observation[];
  units: Unit[];
  links: Link[];
  /** Values a HelmRelease or Application in this file passes to a chart. */
  helmValues: HelmValuesOverride[];
  /** Human-readable, naming the file: `values.yaml: a YAML alias expansion past …`. */
  skipped: string[];
}

/** The file names and extensions worth reading at all; everything else is never buffered. */
export type CandidateFilter = (path: string) => boolean;
