import {
  FIXABLE_PRACTICES,
  PRACTICE_FIX_DEFAULTS,
  parseQuantity,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  Document,
  YAMLMap,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import { TextEdits } from './textEdits';

/*
 * The guide's Kubernetes practices written into a service's own manifests (docs/rules.md
 * #practices): requests and limits, probes and a restricted securityContext added to the
 * workloads where they lack them, a PodDisruptionBudget and a NetworkPolicy appended to the
 * file for each workload none selects. Only insertions, made where yaml's parser found the
 * nodes, so every other line stays byte for byte; what cannot be edited in place is left, with
 * the reason.
 */

/** The practices this file fixes, as the practices template names them. */
export type FixablePractice = keyof typeof FIXABLE_PRACTICES;

/** Every practice the action can fix. */
export const FIXABLE_PRACTICE_IDS = Object.keys(
  FIXABLE_PRACTICES,
) as FixablePractice[];

/** The workload kinds whose pod template is edited. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** A DaemonSet runs one pod per node: a disruption budget does not apply. */
const REPLICATED = new Set(['Deployment', 'StatefulSet']);
const MAX_ALIASES = 100;

/**
 * New requests for one container, from right-sizing (docs/rules.md #right-sizing): `workload`
 * is the workload's name (any kind), `cpu` and `memory` quantities (`70m`, `264Mi`).
 */
export interface RightSizeRequest {
  workload: string;
  container: string;
  cpu: string;
  memory: string;
}

export interface PracticeFixOptions {
  practices: readonly FixablePractice[];
  /** Requests to set, replacing the values in place where there are some. */
  rightSize?: readonly RightSizeRequest[];
  /** The health check's path, for probes; without it no probe is added. */
  healthPath?: string;
  /** The port the probes call, when the container names none. */
  port?: number;
}

export interface FixedManifest {
  text: string;
  /** What was added, one line each (`Deployment orders: requests and limits`). */
  added: string[];
  /** What was left, with the reason. */
  skipped: string[];
}

type Labels = Record<string, string>;

interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  /** The pod template's labels; the selector's matchLabels for the appended objects. */
  matchLabels?: Labels;
  podSpec?: YAMLMap;
  containers: YAMLMap[];
}

function stringMap(value: unknown): Labels | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return undefined;
  const out: Labels = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    out[k] = String(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function blockMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

function workloadOf(doc: Document): Workload | undefined {
  const kind = doc.get('kind');
  if (typeof kind !== 'string' || !WORKLOADS.has(kind)) return undefined;
  const js = doc.toJS({ maxAliasCount: MAX_ALIASES }) as any;
  const name = js?.metadata?.name;
  if (typeof name !== 'string') return undefined;
  const podSpec = blockMap(doc.getIn(['spec', 'template', 'spec'], true));
  const containers = doc.getIn(
    ['spec', 'template', 'spec', 'containers'],
    true,
  );
  return {
    kind,
    name,
    namespace:
      typeof js.metadata.namespace === 'string'
        ? js.metadata.namespace
        : undefined,
    matchLabels: stringMap(js.spec?.selector?.matchLabels),
    podSpec,
    containers: isSeq(containers)
      ? containers.items.filter((c): c is YAMLMap => isMap(c))
      : [],
  };
}

/** Whether an object of `kind` in the file selects the workload's pods. */
function selects(docs: Document[], kind: string, workload: Workload): boolean {
  const labels = workload.matchLabels ?? {};
  return docs.some(doc => {
    if (doc.get('kind') !== kind) return false;
    const js = doc.toJS({ maxAliasCount: MAX_ALIASES }) as any;
    const selector =
      kind === 'NetworkPolicy' ? js?.spec?.podSelector : js?.spec?.selector;
    const match = stringMap(selector?.matchLabels);
    return (
      match !== undefined &&
      Object.entries(match).every(([k, v]) => labels[k] === v)
    );
  });
}

/** The first containerPort of a container, by number. */
function containerPort(container: YAMLMap): number | undefined {
  const ports = container.get('ports', true);
  if (!isSeq(ports)) return undefined;
  for (const port of ports.items) {
    if (!isMap(port)) continue;
    const value = port.get('containerPort', true);
    if (isScalar(value) && typeof value.value === 'number') return value.value;
  }
  return undefined;
}

function containerName(container: YAMLMap, index: number): string {
  const name = container.get('name');
  return typeof name === 'string' ? name : `#${index + 1}`;
}

/** Adds a block to a mapping, or notes why it could not. */
function addTo(
  edits: TextEdits,
  map: YAMLMap | undefined,
  key: string,
  value: object,
  where: string,
  result: FixedManifest,
) {
  if (map && edits.addBlock(map, key, value)) {
    result.added.push(`${where}: ${key}`);
  } else {
    result.skipped.push(
      `${where}: ${key} not added (not a block mapping to edit in place)`,
    );
  }
}

/** The larger of two quantities of one resource. */
function larger(a: string, b: string): string {
  return (parseQuantity(b) ?? 0) > (parseQuantity(a) ?? 0) ? b : a;
}

/**
 * Sets a container's requests to the right-sized ones: each value replaced where it is, a
 * missing key or mapping added. A request above the container's limit is left, with the reason
 * (raise the limit with it, by hand).
 */
function rightSize(
  edits: TextEdits,
  container: YAMLMap,
  resize: RightSizeRequest,
  where: string,
  result: FixedManifest,
) {
  const resources = container.get('resources', true);
  if (resources === undefined) {
    addTo(
      edits,
      container,
      'resources',
      { requests: { cpu: resize.cpu, memory: resize.memory } },
      where,
      result,
    );
    return;
  }
  if (!isMap(resources) || resources.flow) {
    result.skipped.push(
      `${where}: requests not right-sized (not a block mapping to edit in place)`,
    );
    return;
  }
  const limits = resources.get('limits', true);
  const requests = resources.get('requests', true);
  // A request above the container's limit would be refused by the API server.
  const allowed: Array<['cpu' | 'memory', string]> = [];
  for (const [key, value] of [
    ['cpu', resize.cpu],
    ['memory', resize.memory],
  ] as const) {
    const limit = isMap(limits) ? limits.get(key) : undefined;
    const wanted = parseQuantity(value);
    const cap = parseQuantity(limit);
    if (cap !== null && wanted !== null && wanted > cap) {
      result.skipped.push(
        `${where}: ${key} request ${value} not set (above its limit ${String(limit)}; raise the limit with it)`,
      );
    } else {
      allowed.push([key, value]);
    }
  }
  if (allowed.length === 0) return;
  if (requests === undefined) {
    addTo(
      edits,
      resources,
      'requests',
      Object.fromEntries(allowed),
      where,
      result,
    );
    return;
  }
  if (!isMap(requests) || requests.flow) {
    result.skipped.push(
      `${where}: requests not right-sized (not a block mapping to edit in place)`,
    );
    return;
  }
  for (const [key, value] of allowed) {
    const current = requests.get(key, true);
    if (isScalar(current)) {
      if (String(current.value) === value) continue;
      edits.changeValue(current, value);
      result.added.push(
        `${where}: ${key} request ${String(current.value)} → ${value}`,
      );
    } else if (current === undefined) {
      edits.addPair(requests, key, value);
      result.added.push(`${where}: ${key} request ${value}`);
    }
  }
}

function fixContainers(
  edits: TextEdits,
  workload: Workload,
  options: PracticeFixOptions,
  result: FixedManifest,
) {
  const wants = new Set(options.practices);
  const defaults = PRACTICE_FIX_DEFAULTS;
  workload.containers.forEach((container, index) => {
    const where = `${workload.kind} ${workload.name}, container ${containerName(container, index)}`;
    const resize = options.rightSize?.find(
      r =>
        r.workload === workload.name &&
        r.container === containerName(container, index),
    );
    const resources = container.get('resources', true);
    if (resize && resources === undefined) {
      // One new mapping: the right-sized requests, and the guide's limits when asked for
      // (never below the requests, which the API server would refuse).
      const limits = wants.has('requests-and-limits')
        ? {
            cpu: larger(defaults.resources.limits.cpu, resize.cpu),
            memory: larger(defaults.resources.limits.memory, resize.memory),
          }
        : undefined;
      addTo(
        edits,
        container,
        'resources',
        {
          requests: { cpu: resize.cpu, memory: resize.memory },
          ...(limits ? { limits } : {}),
        },
        where,
        result,
      );
    } else {
      if (resize) rightSize(edits, container, resize, where, result);
      if (wants.has('requests-and-limits')) {
        if (resources === undefined) {
          addTo(
            edits,
            container,
            'resources',
            defaults.resources,
            where,
            result,
          );
        } else if (isMap(resources)) {
          for (const part of ['requests', 'limits'] as const) {
            // Right-sizing writes the requests when it has them.
            if (part === 'requests' && resize) continue;
            if (!resources.has(part))
              addTo(
                edits,
                resources,
                part,
                defaults.resources[part],
                where,
                result,
              );
          }
        }
      }
    }
    if (wants.has('probes') && index === 0) {
      const port = containerPort(container) ?? options.port;
      const missing = (['livenessProbe', 'readinessProbe'] as const).filter(
        probe => !container.has(probe),
      );
      if (missing.length > 0 && (!options.healthPath || port === undefined)) {
        result.skipped.push(
          `${where}: probes not added (${options.healthPath ? 'no port: the container declares none and none was given' : 'no health path: set scaling.io/health-endpoint or fill it in the form'})`,
        );
      } else {
        for (const probe of missing) {
          addTo(
            edits,
            container,
            probe,
            {
              httpGet: { path: options.healthPath, port },
              ...defaults[probe],
            },
            where,
            result,
          );
        }
      }
    }
    if (wants.has('pod-security') && !container.has('securityContext')) {
      addTo(
        edits,
        container,
        'securityContext',
        defaults.containerSecurityContext,
        where,
        result,
      );
    }
  });
}

function appended(
  workload: Workload,
  docs: Document[],
  practices: Set<FixablePractice>,
  result: FixedManifest,
): Array<{ comment: string; value: object }> {
  const out: Array<{ comment: string; value: object }> = [];
  const metadata = {
    name: workload.name,
    ...(workload.namespace ? { namespace: workload.namespace } : {}),
  };
  const where = `${workload.kind} ${workload.name}`;
  const needs = (practice: FixablePractice, kind: string) =>
    practices.has(practice) && !selects(docs, kind, workload);
  const pdb =
    REPLICATED.has(workload.kind) &&
    needs('disruption-budget', 'PodDisruptionBudget');
  const policy = needs('network-policy', 'NetworkPolicy');
  if ((pdb || policy) && !workload.matchLabels) {
    result.skipped.push(
      `${where}: no PodDisruptionBudget or NetworkPolicy added (its selector has no matchLabels to select its pods by)`,
    );
    return out;
  }
  if (pdb) {
    out.push({
      comment: `Scaling Advisor: at most one pod of ${workload.name} down at a time during node drains and upgrades.`,
      value: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata,
        spec: {
          maxUnavailable: PRACTICE_FIX_DEFAULTS.maxUnavailable,
          selector: { matchLabels: workload.matchLabels },
        },
      },
    });
    result.added.push(`${where}: PodDisruptionBudget ${workload.name}`);
  }
  if (policy) {
    const ports = workload.containers
      .map(containerPort)
      .filter((p): p is number => p !== undefined);
    out.push({
      comment: `Scaling Advisor: only pods of the same namespace reach ${workload.name}${ports.length ? `, on its ports` : ''}; widen it for ingress controllers and other namespaces that call it.`,
      value: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata,
        spec: {
          podSelector: { matchLabels: workload.matchLabels },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ podSelector: {} }],
              ...(ports.length
                ? { ports: ports.map(port => ({ protocol: 'TCP', port })) }
                : {}),
            },
          ],
        },
      },
    });
    result.added.push(`${where}: NetworkPolicy ${workload.name}`);
  }
  return out;
}

/**
 * Adds what the practices ask for to every workload of one manifest file, editing the text in
 * place. A file that is not plain YAML (a Helm template) is left as it is, with the reason.
 */
export function applyPractices(
  text: string,
  options: PracticeFixOptions,
): FixedManifest {
  const result: FixedManifest = { text, added: [], skipped: [] };
  if (/\{\{/.test(text)) {
    result.skipped.push(
      'a template (Helm or another): not edited; set these in the chart and its values',
    );
    return result;
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some(d => d.errors.length > 0)) {
    result.skipped.push('not valid YAML: not edited');
    return result;
  }
  const practices = new Set(options.practices);
  const edits = new TextEdits(text);
  const documents: Array<{ comment: string; value: object }> = [];
  let workloads = 0;
  for (const doc of docs) {
    const workload = workloadOf(doc);
    if (!workload) continue;
    workloads++;
    if (practices.has('pod-security') && workload.podSpec) {
      if (!workload.podSpec.has('securityContext'))
        addTo(
          edits,
          workload.podSpec,
          'securityContext',
          PRACTICE_FIX_DEFAULTS.podSecurityContext,
          `${workload.kind} ${workload.name}, pod`,
          result,
        );
    }
    fixContainers(edits, workload, options, result);
    documents.push(...appended(workload, docs, practices, result));
  }
  if (workloads === 0) {
    result.skipped.push('no Deployment, StatefulSet or DaemonSet: not edited');
    return result;
  }
  edits.appendDocuments(documents);
  result.text = edits.apply() ?? text;
  return result;
}
