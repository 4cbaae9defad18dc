/*
 * What a Kubernetes workload's pod template shows about the guide's best practices: its
 * security context (the Pod Security Standard it meets), its service account, resources,
 * probes, spreading, scrape annotations, replicas, spot scheduling, and the logging and
 * tracing its environment configures. Stored on the workload's unit; whether the service
 * follows a practice is decided once the service's own units are known (podPractices.ts).
 */
import type { PodSecurityLevel } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Data, at, decimal, isRecord, records, stringsOf, text } from './data';
import { PodFacts } from './types';

/** Capabilities the restricted standard lets a container add. */
const RESTRICTED_ADD = new Set(['NET_BIND_SERVICE']);

function seccompRestricted(context: unknown): boolean | undefined {
  const type = text(at(context, 'seccompProfile', 'type'));
  if (type === undefined) return undefined;
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The Pod Security Standard the pod spec meets, as the admission controller would judge it. */
export function podSecurityOf(podSpec: unknown): PodSecurityLevel {
  const containers = [
    ...records(at(podSpec, 'containers')),
    ...records(at(podSpec, 'initContainers')),
  ];
  const pod = at(podSpec, 'securityContext');
  const hostNamespace = ['hostNetwork', 'hostPID', 'hostIPC'].some(
    k => at(podSpec, k) === true,
  );
  const hostPath = records(at(podSpec, 'volumes')).some(v =>
    isRecord(v.hostPath),
  );
  if (
    hostNamespace ||
    hostPath ||
    containers.some(c => at(c, 'securityContext', 'privileged') === true)
  ) {
    return 'privileged';
  }
  const restricted =
    containers.length > 0 &&
    containers.every(c => {
      const own = at(c, 'securityContext');
      const drop = stringsOf(at(own, 'capabilities', 'drop')).map(d =>
        d.toUpperCase(),
      );
      const add = stringsOf(at(own, 'capabilities', 'add')).map(d =>
        d.toUpperCase(),
      );
      const nonRoot =
        at(own, 'runAsNonRoot') === true ||
        (at(own, 'runAsNonRoot') === undefined &&
          at(pod, 'runAsNonRoot') === true);
      const seccomp = seccompRestricted(own) ?? seccompRestricted(pod);
      return (
        at(own, 'allowPrivilegeEscalation') === false &&
        nonRoot &&
        drop.includes('ALL') &&
        add.every(a => RESTRICTED_ADD.has(a)) &&
        seccomp === true
      );
    });
  return restricted ? 'restricted' : 'baseline';
}

/** CPU in millicores, memory in bytes: `250m`, `0.5`, `256Mi`, `1G`. */
function quantity(value: unknown): number | undefined {
  const raw =
    typeof value === 'number' ? String(value) : (text(value) ?? '').trim();
  const match = /^(\d+(?:\.\d+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(raw);
  if (!match) return undefined;
  const number = Number(match[1]);
  const unit = match[2] ?? '';
  const factor: Record<string, number> = {
    '': 1,
    m: 0.001,
    k: 1e3,
    Ki: 1024,
    M: 1e6,
    Mi: 1024 ** 2,
    G: 1e9,
    Gi: 1024 ** 3,
    T: 1e12,
    Ti: 1024 ** 4,
  };
  return number * factor[unit];
}

/** The guide's sizing: limits at most twice the requests (250m/256Mi → 500m/512Mi). */
const RIGHT_SIZED_RATIO = 2;

/**
 * Whether every container declares requests and limits for CPU and memory (as the guide's
 * example does), and whether its limits stay within twice its requests; undefined when no
 * container declares both for any resource.
 */
function resourcesOf(containers: Data[]): {
  declared: boolean;
  rightSized?: boolean;
} {
  let declared = containers.length > 0;
  let pairs = 0;
  let oversized = false;
  for (const container of containers) {
    for (const resource of ['cpu', 'memory']) {
      const request = quantity(
        at(container, 'resources', 'requests', resource),
      );
      const limit = quantity(at(container, 'resources', 'limits', resource));
      if (request === undefined || limit === undefined) {
        declared = false;
        continue;
      }
      if (request === 0) continue;
      pairs += 1;
      if (limit > RIGHT_SIZED_RATIO * request) oversized = true;
    }
  }
  return { declared, rightSized: pairs === 0 ? undefined : !oversized };
}

const SPOT_SELECTORS: readonly [string, RegExp][] = [
  ['eks.amazonaws.com/capacityType', /^SPOT$/i],
  ['karpenter.sh/capacity-type', /^spot$/i],
  ['cloud.google.com/gke-spot', /^true$/i],
  ['cloud.google.com/gke-preemptible', /^true$/i],
  ['kubernetes.azure.com/scalesetpriority', /^spot$/i],
];

function onSpot(podSpec: unknown): boolean {
  const selector = at(podSpec, 'nodeSelector');
  const bySelector = SPOT_SELECTORS.some(([key, value]) =>
    value.test(text(at(selector, key)) ?? ''),
  );
  const terms = records(
    at(
      podSpec,
      'affinity',
      'nodeAffinity',
      'requiredDuringSchedulingIgnoredDuringExecution',
      'nodeSelectorTerms',
    ),
  ).flatMap(t => records(t.matchExpressions));
  const byAffinity = terms.some(e =>
    SPOT_SELECTORS.some(
      ([key, value]) =>
        text(e.key) === key &&
        text(e.operator) === 'In' &&
        stringsOf(e.values).some(v => value.test(v)),
    ),
  );
  return bySelector || byAffinity;
}

const LOG_FORMAT_NAME =
  /^(?:[A-Z0-9]+_)*LOG(?:GING)?_(?:FORMAT|ENCODING|OUTPUT|STRUCTURED_FORMAT(?:_CONSOLE)?)$/;
const LOG_JSON_FLAG = /^(?:[A-Z0-9]+_)*LOG(?:GING)?_(?:JSON|FORMAT_JSON)$/;
const STRUCTURED = /^(json|ecs|logstash|gelf|structured)$/i;
const PLAIN = /^(text|plain|console|pretty|logfmt|human)$/i;

/** The containers' environment, literal values only. */
function envOf(containers: Data[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const container of containers) {
    for (const variable of records(container.env)) {
      const name = text(variable.name);
      const value = text(variable.value);
      if (name && value !== undefined) env.set(name, value.trim());
    }
  }
  return env;
}

/** JSON logging, known from the environment, the arguments or the log shipper's annotation. */
function loggingOf(
  containers: Data[],
  env: Map<string, string>,
  annotations: unknown,
): boolean | undefined {
  for (const [name, value] of env) {
    if (LOG_FORMAT_NAME.test(name)) {
      if (STRUCTURED.test(value)) return true;
      if (PLAIN.test(value)) return false;
    }
    if (LOG_JSON_FLAG.test(name)) {
      if (/^(true|1|yes)$/i.test(value)) return true;
      if (/^(false|0|no)$/i.test(value)) return false;
    }
  }
  const args = containers.flatMap(c => [
    ...stringsOf(c.args),
    ...stringsOf(c.command),
  ]);
  for (const arg of args) {
    const match = /^--log(?:ging)?[.-](?:format|encoding)[= ](\w+)$/i.exec(arg);
    if (match && STRUCTURED.test(match[1])) return true;
    if (match && PLAIN.test(match[1])) return false;
  }
  if (/^json$/i.test(text(at(annotations, 'fluentbit.io/parser')) ?? '')) {
    return true;
  }
  return undefined;
}

/**
 * W3C Trace Context, known from OpenTelemetry's configuration: OTEL_PROPAGATORS names it or
 * not; an SDK configured without it (an exporter endpoint, a service name) propagates it by
 * default, as does the OpenTelemetry operator's injected instrumentation.
 */
function tracingOf(
  env: Map<string, string>,
  annotations: unknown,
): boolean | undefined {
  const propagators = env.get('OTEL_PROPAGATORS');
  if (propagators !== undefined) {
    return propagators
      .split(',')
      .map(p => p.trim().toLowerCase())
      .includes('tracecontext');
  }
  if (
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'].some(
      name => env.has(name),
    ) &&
    env.get('OTEL_SDK_DISABLED') !== 'true' &&
    env.get('OTEL_TRACES_EXPORTER') !== 'none'
  ) {
    return true;
  }
  if (
    isRecord(annotations) &&
    Object.entries(annotations).some(
      ([key, value]) =>
        key.startsWith('instrumentation.opentelemetry.io/inject-') &&
        text(value) !== 'false',
    )
  ) {
    return true;
  }
  return undefined;
}

/** Secrets a manager puts into the pod: Vault's agent, the Secrets Store CSI driver. */
function secretsInjected(podSpec: unknown, annotations: unknown): boolean {
  const vault = text(at(annotations, 'vault.hashicorp.com/agent-inject'));
  const csi = records(at(podSpec, 'volumes')).some(
    v => text(at(v, 'csi', 'driver')) === 'secrets-store.csi.k8s.io',
  );
  return vault === 'true' || csi;
}

/** The pod facts of a workload; `replicas` undefined for kinds that have none (a DaemonSet). */
export function podFactsOf(
  podSpec: unknown,
  options: {
    namespace?: string;
    annotations: unknown;
    replicas?: number;
  },
): PodFacts {
  const containers = records(at(podSpec, 'containers'));
  const env = envOf(containers);
  const { declared, rightSized } = resourcesOf(containers);
  const affinity = at(podSpec, 'affinity', 'podAntiAffinity');
  const spread =
    (isRecord(affinity) && Object.keys(affinity).length > 0) ||
    records(at(podSpec, 'topologySpreadConstraints')).length > 0;
  const probes =
    containers.length > 0 &&
    containers.every(
      c => isRecord(c.livenessProbe) && isRecord(c.readinessProbe),
    );
  const serviceAccount =
    text(at(podSpec, 'serviceAccountName')) ??
    text(at(podSpec, 'serviceAccount'));
  const automount = at(podSpec, 'automountServiceAccountToken');
  const scrape = text(at(options.annotations, 'prometheus.io/scrape'));
  const facts: PodFacts = {
    securityLevel: podSecurityOf(podSpec),
    resources: declared,
    spread,
    probes,
    scrapeAnnotated: scrape === 'true',
    spot: onSpot(podSpec),
    secretsInjected: secretsInjected(podSpec, options.annotations),
  };
  if (options.namespace) facts.namespace = options.namespace;
  if (serviceAccount) facts.serviceAccount = serviceAccount;
  if (typeof automount === 'boolean') facts.automountToken = automount;
  if (rightSized !== undefined) facts.rightSized = rightSized;
  if (options.replicas !== undefined) facts.replicas = options.replicas;
  const logging = loggingOf(containers, env, options.annotations);
  if (logging !== undefined) facts.jsonLogging = logging;
  const tracing = tracingOf(env, options.annotations);
  if (tracing !== undefined) facts.traceContext = tracing;
  return facts;
}

/** `spec.replicas` of a workload that has it: 1 when left out, undefined when templated. */
export function replicasOf(spec: unknown): number | undefined {
  const value = at(spec, 'replicas');
  if (value === undefined) return 1;
  const number = decimal(value);
  return number !== undefined && Number.isInteger(number) && number >= 0
    ? number
    : undefined;
}
