/*
 * Kubernetes manifests and the custom resources of the tools around them (Argo CD and Rollouts,
 * Flux, KEDA, Prometheus Operator, Velero, Flagger, Istio, Linkerd, Knative, Gateway API).
 *
 * Workloads (Deployments, StatefulSets, Rollouts, Knative Services…) are deployment units: their
 * probes, ports and rollout strategy are facts about them. Other objects are facts about the
 * workloads they attach to: an HPA by its `scaleTargetRef`, a Service, PDB or NetworkPolicy by
 * its selector, an Ingress or route by its backend Service, a ServiceMonitor by the Services it
 * selects. Whether a workload is the service's own is decided later (workloads.ts).
 */
import { Platform } from '@scaling-advisor/backstage-plugin-scaling-common';
import { parse as parseYamlText } from 'yaml';
import { Data, at, decimal, isRecord, port, records, text } from './data';
import { commandPath, probePath } from './health';
import { Observations } from './observations';
import { MAX_YAML_ALIAS_EXPANSION } from './parse';
import { registryOf } from './registry';
import { podFactsOf, replicasOf } from './podFacts';
import {
  recognizeNamespaceSecurity,
  recognizeSecretObject,
} from './secretsAndNamespaces';
import { HelmValuesOverride, LinkTarget } from './types';

interface Resource {
  group: string;
  kind: string;
  apiVersion: string;
  name?: string;
  data: Data;
}

// Both are shown in reasons, so only well-formed names are taken as a resource's.
const API_VERSION = /^(?:([a-z0-9][a-z0-9.-]{0,252})\/)?v\d+[a-z0-9]{0,20}$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function resourceOf(document: unknown): Resource | undefined {
  if (!isRecord(document)) return undefined;
  const { apiVersion, kind } = document;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  const match = API_VERSION.exec(apiVersion);
  if (!match || !KIND.test(kind)) return undefined;
  const name = text(at(document, 'metadata', 'name'));
  return {
    group: match[1] ?? '',
    kind,
    apiVersion,
    name: name && NAME.test(name) ? name : undefined,
    data: document,
  };
}

const BUILT_IN_GROUP =
  /^(|apps|batch|autoscaling|policy|extensions|[a-z0-9.-]+\.k8s\.io)$/;
// Resources only GKE serves: its Ingress and load-balancer extensions, managed Prometheus.
const GKE_GROUP =
  /^(networking\.gke\.io|cloud\.google\.com|monitoring\.googleapis\.com)$/;

/** Ingress controllers' own routing resources, by group and kind. */
const INGRESS_CONTROLLER_ROUTES: readonly [RegExp, string][] = [
  [/^traefik\.(io|containo\.us)$/, 'IngressRoute'],
  [/^projectcontour\.io$/, 'HTTPProxy'],
  [/^networking\.gke\.io$/, 'MultiClusterIngress'],
];

/** Labels as a string map; anything else (a template's leftovers) is ignored. */
function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isRecord(value)) return labels;
  for (const [k, v] of Object.entries(value)) {
    if (
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean'
    )
      labels[k] = String(v);
  }
  return labels;
}

export function recognizeKubernetes(
  document: unknown,
  out: Observations,
): void {
  const resource = resourceOf(document);
  if (!resource) return;
  if (resource.group === '' && resource.kind === 'List') {
    // `kubectl get -o yaml` output; its items are resources, never Lists again.
    for (const item of records(resource.data.items)) {
      const inner = resourceOf(item);
      if (inner && inner.kind !== 'List') recognizeResource(inner, out);
    }
    return;
  }
  recognizeResource(resource, out);
}

/** The pod spec of a workload: `spec` of a Pod, the job template's of a CronJob, `spec.template.spec` otherwise. */
function podSpecOf({ group, kind, data }: Resource): unknown {
  if (group === '' && kind === 'Pod') return at(data, 'spec');
  if (group === 'batch' && kind === 'CronJob') {
    return at(data, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  }
  const workload =
    (group === 'apps' &&
      /^(Deployment|StatefulSet|DaemonSet|ReplicaSet)$/.test(kind)) ||
    (group === 'extensions' && kind === 'Deployment') ||
    (group === 'batch' && kind === 'Job') ||
    (group === 'argoproj.io' && kind === 'Rollout') ||
    (group === 'serving.knative.dev' && kind === 'Service');
  return workload ? at(data, 'spec', 'template', 'spec') : undefined;
}

function podLabelsOf({ group, kind, data }: Resource): Record<string, string> {
  if (group === '' && kind === 'Pod')
    return labelsOf(at(data, 'metadata', 'labels'));
  if (group === 'batch' && kind === 'CronJob') {
    return labelsOf(
      at(data, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'),
    );
  }
  return labelsOf(at(data, 'spec', 'template', 'metadata', 'labels'));
}

/** The pod template's annotations (scrape, log parser, injection). */
function podAnnotationsOf({ group, kind, data }: Resource): unknown {
  if (group === '' && kind === 'Pod')
    return at(data, 'metadata', 'annotations');
  if (group === 'batch' && kind === 'CronJob') {
    return at(
      data,
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'metadata',
      'annotations',
    );
  }
  return at(data, 'spec', 'template', 'metadata', 'annotations');
}

/** How many replicas always run: `spec.replicas`, a Knative Service's minScale (default 0). */
function replicasOfWorkload({
  group,
  kind,
  data,
}: Resource): number | undefined {
  if (group === 'serving.knative.dev') {
    const annotations = at(data, 'spec', 'template', 'metadata', 'annotations');
    const min =
      at(annotations, 'autoscaling.knative.dev/minScale') ??
      at(annotations, 'autoscaling.knative.dev/min-scale');
    return min === undefined ? 0 : decimal(min);
  }
  return /^(Deployment|StatefulSet|ReplicaSet|Rollout)$/.test(kind)
    ? replicasOf(at(data, 'spec'))
    : undefined;
}

function recognizeResource(resource: Resource, out: Observations): void {
  const { group, kind, data } = resource;
  const spec = at(data, 'spec');

  // A workload: a deployment unit.
  const podSpec = podSpecOf(resource);
  if (podSpec !== undefined && resource.name) {
    const knative = group === 'serving.knative.dev';
    const containers = records(at(podSpec, 'containers'));
    const labels = podLabelsOf(resource);
    if (knative) labels['serving.knative.dev/service'] = resource.name;
    const unit = out.unit({
      resource: knative ? 'Knative Service' : kind,
      name: resource.name,
      images: containers
        .map(c => text(c.image))
        .filter((i): i is string => !!i),
      labels,
      pod: podFactsOf(podSpec, {
        namespace: text(at(data, 'metadata', 'namespace')),
        annotations: podAnnotationsOf(resource),
        replicas: replicasOfWorkload(resource),
      }),
    });
    const platform: [Platform, string] = knative
      ? ['cloud-run', 'a Knative Service (Cloud Run)']
      : ['kubernetes', `a Kubernetes ${kind}`];
    out.add('platform', ...platform, [unit]);
    recognizeWorkload(resource, containers, unit, out);
    recognizeMesh(resource, out, [unit]);
    return;
  }

  // Objects attached to workloads.
  const targets = targetsOf(resource);
  if (targets) {
    const min = /HorizontalPodAutoscaler|ScaledObject/.test(kind)
      ? (decimal(at(spec, 'minReplicas')) ??
        decimal(at(spec, 'minReplicaCount')) ??
        1)
      : undefined;
    const link = out.link(kind, targets, {
      name: resource.name,
      labels: labelsOf(at(data, 'metadata', 'labels')),
      ...(min !== undefined ? { minReplicas: min } : {}),
    });
    if (GKE_GROUP.test(group))
      out.add('platform', 'gke', `a GKE ${kind}`, [link]);
    else out.add('platform', 'kubernetes', `a Kubernetes ${kind}`, [link]);
    recognizeAttached(resource, spec, out, [link]);
    recognizeMesh(resource, out, [link]);
    return;
  }

  // Objects about the repository's deployment as a whole.
  if (GKE_GROUP.test(group)) out.add('platform', 'gke', `a GKE ${kind}`);
  if (group === 'eksctl.io' && kind === 'ClusterConfig')
    out.add('platform', 'eks', 'an eksctl ClusterConfig');
  if (group === 'gateway.networking.k8s.io' && kind === 'Gateway') {
    out.add('platform', 'kubernetes', 'a Gateway API Gateway');
    out.add('ingress', true, 'a Gateway API Gateway');
  } else if (
    group === 'argoproj.io' &&
    /^(Application|ApplicationSet|AppProject)$/.test(kind)
  ) {
    out.add('platform', 'kubernetes', `an Argo CD ${kind}`);
    out.add('gitops', true, `an Argo CD ${kind}`);
    if (kind === 'Application') argoValues(resource, out);
  } else if (group.endsWith('.toolkit.fluxcd.io')) {
    out.add('platform', 'kubernetes', `a Flux ${kind}`);
    out.add('gitops', true, `a Flux ${kind}`);
    if (kind === 'HelmRelease') fluxValues(resource, out);
  } else if (group === 'velero.io' && kind === 'Schedule') {
    out.add('platform', 'kubernetes', 'a Velero backup Schedule');
    out.add('backup', true, 'a Velero backup Schedule');
  } else if (group === 'monitoring.coreos.com' && kind === 'PrometheusRule') {
    if (hasAlert(at(spec, 'groups')))
      out.add('monitoring', true, 'Prometheus alerting rules (PrometheusRule)');
  } else if (group === 'cloud.google.com' && kind === 'BackendConfig') {
    if (at(spec, 'cdn', 'enabled') === true) {
      out.add('cdn', true, 'a GKE BackendConfig with Cloud CDN');
    }
  } else if (group === '' && kind === 'Namespace') {
    recognizeMesh(resource, out, []);
    recognizeNamespaceSecurity(resource, out);
  } else if (recognizeSecretObject(resource, out)) {
    // A secret, plain or from a manager: about the repository as a whole.
  } else if (group === 'kustomize.config.k8s.io' && kind === 'Kustomization') {
    kustomizeImages(data, out);
  }
}

/** Whether Prometheus rule groups hold an alert (recording rules alone alert nobody). */
export function hasAlert(groups: unknown): boolean {
  return records(groups).some(g =>
    records(g.rules).some(r => typeof r.alert === 'string'),
  );
}

function selectorOf(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const labels = isRecord(value.matchLabels) ? value.matchLabels : value;
  return labelsOf(labels);
}

/** How an object that is not a workload finds the workloads it is about; undefined: it is not one. */
function targetsOf({ group, kind, data }: Resource): LinkTarget[] | undefined {
  const spec = at(data, 'spec');
  if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') {
    const ref = at(spec, 'scaleTargetRef') ?? at(spec, 'scaleRef');
    const name = text(at(ref, 'name'));
    return name ? [{ by: 'name', name, resource: text(at(ref, 'kind')) }] : [];
  }
  if (group === 'extensions' && kind === 'HorizontalPodAutoscaler') {
    const name = text(at(spec, 'scaleRef', 'name'));
    return name ? [{ by: 'name', name }] : [];
  }
  if (
    group === 'keda.sh' &&
    (kind === 'ScaledObject' || kind === 'ScaledJob')
  ) {
    const name = text(at(spec, 'scaleTargetRef', 'name'));
    return name
      ? [
          {
            by: 'name',
            name,
            resource: text(at(spec, 'scaleTargetRef', 'kind')) ?? 'Deployment',
          },
        ]
      : [];
  }
  if (group === 'policy' && kind === 'PodDisruptionBudget') {
    const selector = selectorOf(at(spec, 'selector'));
    return selector && Object.keys(selector).length > 0
      ? [{ by: 'pods', selector }]
      : [];
  }
  if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') {
    return [
      { by: 'pods', selector: selectorOf(at(spec, 'podSelector')) ?? {} },
    ];
  }
  if (group === '' && kind === 'Service') {
    const selector = selectorOf(at(spec, 'selector'));
    return selector && Object.keys(selector).length > 0
      ? [{ by: 'pods', selector }]
      : [];
  }
  if (kind === 'Ingress' && BUILT_IN_GROUP.test(group)) {
    const names = new Set<string>();
    const backend = (b: unknown) => {
      const name = text(at(b, 'service', 'name')) ?? text(at(b, 'serviceName'));
      if (name) names.add(name);
    };
    backend(at(spec, 'defaultBackend'));
    backend(at(spec, 'backend'));
    for (const rule of records(at(spec, 'rules')))
      for (const path of records(at(rule, 'http', 'paths')))
        backend(path.backend);
    return [...names].map(name => ({ by: 'service', name }));
  }
  if (group === 'gateway.networking.k8s.io' && /Route$/.test(kind)) {
    return routeBackends(spec);
  }
  if (INGRESS_CONTROLLER_ROUTES.some(([g, k]) => g.test(group) && k === kind)) {
    // Traefik IngressRoute and Contour HTTPProxy: `routes[].services[].name`; GKE's
    // MultiClusterIngress: an Ingress-like `template.spec`.
    const names = new Set<string>();
    for (const route of records(at(spec, 'routes')))
      for (const service of records(route.services)) {
        const name = text(service.name);
        if (name) names.add(name);
      }
    const template = at(spec, 'template', 'spec');
    const backend = text(at(template, 'backend', 'serviceName'));
    if (backend) names.add(backend);
    return [...names].map(name => ({ by: 'service', name }));
  }
  if (
    group === 'monitoring.coreos.com' &&
    (kind === 'ServiceMonitor' || kind === 'PodMonitor')
  ) {
    const selector = selectorOf(at(spec, 'selector')) ?? {};
    return Object.keys(selector).length === 0
      ? []
      : [
          kind === 'ServiceMonitor'
            ? { by: 'services', selector }
            : { by: 'pods', selector },
        ];
  }
  if (
    group === 'monitoring.googleapis.com' &&
    /^(Cluster)?PodMonitoring$/.test(kind)
  ) {
    const selector = selectorOf(at(spec, 'selector')) ?? {};
    return Object.keys(selector).length === 0 ? [] : [{ by: 'pods', selector }];
  }
  if (
    /(^|\.)istio\.io$/.test(group) &&
    /^(VirtualService|DestinationRule)$/.test(kind)
  ) {
    const hosts =
      kind === 'VirtualService' ? at(spec, 'hosts') : [at(spec, 'host')];
    const names = (Array.isArray(hosts) ? hosts : [])
      .map(h => text(h)?.split('.')[0])
      .filter((h): h is string => !!h && h !== '*');
    return names.map(name => ({ by: 'service', name }));
  }
  if (group === 'argoproj.io' && kind === 'Rollout') return undefined;
  if (group === 'flagger.app' && kind === 'Canary') {
    const name = text(at(spec, 'targetRef', 'name'));
    return name ? [{ by: 'name', name }] : [];
  }
  return undefined;
}

function routeBackends(spec: unknown): LinkTarget[] {
  const names = new Set<string>();
  for (const rule of records(at(spec, 'rules'))) {
    for (const ref of records(rule.backendRefs)) {
      const kind = text(ref.kind) ?? 'Service';
      const name = text(ref.name);
      if (kind === 'Service' && name) names.add(name);
    }
  }
  return [...names].map(name => ({ by: 'service', name }));
}

/** What an attached object says about the workloads it is attached to. */
function recognizeAttached(
  { group, kind, data }: Resource,
  spec: unknown,
  out: Observations,
  of: string[],
): void {
  if (
    (group === 'autoscaling' || group === 'extensions') &&
    kind === 'HorizontalPodAutoscaler'
  ) {
    const min = decimal(at(spec, 'minReplicas')) ?? 1;
    const max = decimal(at(spec, 'maxReplicas'));
    if (max === undefined || max > min) {
      out.add('autoscaling', true, 'a HorizontalPodAutoscaler', of);
    }
  } else if (group === 'keda.sh') {
    out.add('autoscaling', true, `a KEDA ${kind}`, of);
  } else if (kind === 'Ingress') {
    out.add('ingress', true, 'a Kubernetes Ingress', of);
  } else if (
    INGRESS_CONTROLLER_ROUTES.some(([g, k]) => g.test(group) && k === kind)
  ) {
    out.add('ingress', true, `a ${kind} (${group})`, of);
  } else if (group === 'gateway.networking.k8s.io' && /Route$/.test(kind)) {
    // A route whose parents are all Services routes traffic inside a mesh, not from outside.
    const parents = records(at(spec, 'parentRefs'));
    const fromGateway =
      parents.length === 0 ||
      parents.some(p => (text(p.kind) ?? 'Gateway') === 'Gateway');
    if (fromGateway) out.add('ingress', true, `a Gateway API ${kind}`, of);
  } else if (
    (group === 'monitoring.coreos.com' &&
      (kind === 'ServiceMonitor' || kind === 'PodMonitor')) ||
    group === 'monitoring.googleapis.com'
  ) {
    out.add('observability', ['metrics'], `a Prometheus ${kind}`, of);
    out.add('monitoring', true, `a Prometheus ${kind}`, of);
  } else if (group === 'flagger.app' && kind === 'Canary') {
    recognizeFlagger(spec, out, of);
  }
  void data;
}

const PROBES = [
  ['readinessProbe', 'readiness'],
  ['livenessProbe', 'liveness'],
  ['startupProbe', 'startup'],
] as const;

function recognizeWorkload(
  { kind, group, data }: Resource,
  containers: Data[],
  unit: string,
  out: Observations,
): void {
  const of = [unit];
  const name = group === 'serving.knative.dev' ? 'Knative Service' : kind;
  for (const container of containers) {
    for (const [probe, label] of PROBES) {
      const check = at(container, probe);
      if (!isRecord(check)) continue;
      const path =
        probePath(at(check, 'httpGet', 'path')) ??
        commandPath(at(check, 'exec', 'command'));
      if (path) {
        out.add(
          'healthEndpoint',
          path,
          `a ${name} ${label} probe${isRecord(check.exec) ? ' (exec)' : ''}`,
          of,
        );
      } else if (
        isRecord(check.exec) ||
        isRecord(check.grpc) ||
        isRecord(check.tcpSocket) ||
        isRecord(check.httpGet)
      ) {
        const how =
          (['grpc', 'tcpSocket', 'exec'] as const)
            .filter(k => isRecord(check[k]))
            .map(
              k => ({ grpc: 'gRPC', tcpSocket: 'TCP', exec: 'exec' })[k],
            )[0] ?? 'HTTP';
        out.add('healthCheck', true, `a ${name} ${label} probe (${how})`, of);
      }
    }
  }
  for (const container of containers) {
    const found = records(container.ports)
      .map(p => port(p.containerPort))
      .find(p => p !== undefined);
    if (found) {
      out.add('port', found, `a ${name} containerPort`, of);
      break;
    }
  }
  for (const container of containers) {
    const image = text(container.image);
    const registry = image && registryOf(image);
    if (registry)
      out.add('imageRegistry', true, `a ${name} image in ${registry}`, of);
  }
  if (group === 'apps' && kind === 'Deployment') {
    if (at(data, 'spec', 'strategy', 'type') !== 'Recreate') {
      out.add(
        'deploymentStrategy',
        'rolling',
        'a Deployment rolling update',
        of,
      );
    }
  }
  if (group === 'argoproj.io' && kind === 'Rollout') {
    recognizeRollout(at(data, 'spec'), out, of);
  }
  if (group === 'serving.knative.dev') {
    const annotations = at(data, 'spec', 'template', 'metadata', 'annotations');
    const max =
      at(annotations, 'autoscaling.knative.dev/maxScale') ??
      at(annotations, 'autoscaling.knative.dev/max-scale');
    if (max !== undefined && decimal(max) !== 1) {
      out.add('autoscaling', true, 'a Knative maxScale annotation', of);
    }
  }
}

function recognizeMesh(
  { group, kind, data }: Resource,
  out: Observations,
  of: string[],
): void {
  if (/(^|\.)istio\.io$/.test(group)) {
    out.add('serviceMesh', true, `an Istio ${kind}`, of);
    return;
  }
  if (/(^|\.)linkerd\.io$/.test(group)) {
    out.add('serviceMesh', true, `a Linkerd ${kind}`, of);
    return;
  }
  for (const metadata of [
    at(data, 'metadata'),
    at(data, 'spec', 'template', 'metadata'),
  ]) {
    const marks = {
      ...asRecord(at(metadata, 'labels')),
      ...asRecord(at(metadata, 'annotations')),
    };
    const inject = marks['sidecar.istio.io/inject'];
    if (inject === 'true' || inject === true) {
      out.add('serviceMesh', true, 'Istio sidecar injection', of);
    } else if (
      marks['istio-injection'] === 'enabled' ||
      typeof marks['istio.io/rev'] === 'string'
    ) {
      out.add('serviceMesh', true, 'Istio injection for the namespace', of);
    } else if (marks['linkerd.io/inject'] === 'enabled') {
      out.add('serviceMesh', true, 'Linkerd proxy injection', of);
    }
  }
}

function asRecord(value: unknown): Data {
  return isRecord(value) ? value : {};
}

function recognizeRollout(
  spec: unknown,
  out: Observations,
  of: string[],
): void {
  if (isRecord(at(spec, 'strategy', 'canary'))) {
    out.add('deploymentStrategy', 'canary', 'an Argo Rollouts canary', of);
    out.add('practices', ['canary'], 'an Argo Rollouts canary', of);
  } else if (isRecord(at(spec, 'strategy', 'blueGreen'))) {
    out.add(
      'deploymentStrategy',
      'blue-green',
      'an Argo Rollouts blue-green',
      of,
    );
    out.add('practices', ['blue-green'], 'an Argo Rollouts blue-green', of);
  }
}

/**
 * Flagger runs blue/green when the analysis counts iterations without shifting traffic weights
 * (and without the header `match` of A/B testing); any other analysis is a canary.
 */
function recognizeFlagger(
  spec: unknown,
  out: Observations,
  of: string[],
): void {
  const analysis = at(spec, 'analysis') ?? at(spec, 'canaryAnalysis');
  const weighted = ['stepWeight', 'stepWeights', 'maxWeight'].some(
    key => at(analysis, key) !== undefined,
  );
  const blueGreen =
    at(analysis, 'iterations') !== undefined &&
    !weighted &&
    at(analysis, 'match') === undefined;
  if (blueGreen) {
    out.add(
      'deploymentStrategy',
      'blue-green',
      'a Flagger blue/green Canary',
      of,
    );
    out.add('practices', ['blue-green'], 'a Flagger blue/green Canary', of);
  } else {
    out.add('deploymentStrategy', 'canary', 'a Flagger Canary', of);
    out.add('practices', ['canary'], 'a Flagger Canary', of);
  }
}

/** Kustomize's `images:` rewrite which image a manifest runs: its registry is the service's. */
function kustomizeImages(data: Data, out: Observations): void {
  for (const image of records(data.images)) {
    const registry = registryOf(text(image.newName) ?? text(image.name) ?? '');
    if (registry)
      out.add('imageRegistry', true, `a Kustomize image in ${registry}`);
  }
}

function valuesOf(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  return undefined;
}

/** The values a Flux HelmRelease passes to a chart, for rendering the chart with them. */
function fluxValues({ data, name }: Resource, out: Observations): void {
  const chart = text(at(data, 'spec', 'chart', 'spec', 'chart'));
  const sourceKind = text(
    at(data, 'spec', 'chart', 'spec', 'sourceRef', 'kind'),
  );
  const override: Omit<HelmValuesOverride, 'path'> = {
    values: valuesOf(at(data, 'spec', 'values')) ?? {},
    releaseName: text(at(data, 'spec', 'releaseName')) ?? name,
    namespace:
      text(at(data, 'spec', 'targetNamespace')) ??
      text(at(data, 'metadata', 'namespace')),
  };
  if (chart && (chart.includes('/') || sourceKind === 'GitRepository'))
    out.helmValues({ ...override, chartPath: chart });
  else if (chart) out.helmValues({ ...override, chartName: chart });
}

/** The values an Argo CD Application passes to a chart in a Git repository. */
function argoValues({ data, name }: Resource, out: Observations): void {
  const sources = [
    at(data, 'spec', 'source'),
    ...records(at(data, 'spec', 'sources')),
  ];
  for (const source of sources) {
    if (!isRecord(source)) continue;
    const helm = at(source, 'helm');
    if (!isRecord(helm) && !isRecord(source.chart)) {
      if (!text(source.path)) continue;
    }
    let values = valuesOf(at(helm, 'valuesObject')) ?? {};
    const inline = text(at(helm, 'values'));
    if (inline !== undefined) {
      values = { ...values, ...inlineValues(inline) };
    }
    for (const parameter of records(at(helm, 'parameters'))) {
      const key = text(parameter.name);
      if (key) setPath(values, key, parameter.value);
    }
    const valueFiles = (
      Array.isArray(at(helm, 'valueFiles'))
        ? (at(helm, 'valueFiles') as unknown[])
        : []
    )
      .map(text)
      .filter((f): f is string => !!f && !f.startsWith('$'));
    const override: Omit<HelmValuesOverride, 'path'> = {
      values,
      releaseName: text(at(helm, 'releaseName')) ?? name,
      namespace: text(at(data, 'spec', 'destination', 'namespace')),
      valueFiles,
    };
    const path = text(source.path);
    const chart = text(source.chart);
    if (path) out.helmValues({ ...override, chartPath: path });
    else if (chart) out.helmValues({ ...override, chartName: chart });
  }
}

/** Values given as a YAML string (`helm.values: |`). */
function inlineValues(source: string): Record<string, unknown> {
  if (source.length > 200_000) return {};
  try {
    const parsed = parseYamlText(source, {
      maxAliasCount: MAX_YAML_ALIAS_EXPANSION,
      merge: true,
    });
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** `a.b\\.c` → values.a['b.c'] = value (Argo CD's parameter names escape dots). */
function setPath(
  values: Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  const parts = key.split(/(?<!\\)\./).map(p => p.replace(/\\\./g, '.'));
  let current: Record<string, unknown> = values;
  for (const part of parts.slice(0, -1)) {
    if (!isRecord(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === 'true' || value === 'false') current[last] = value === 'true';
  else current[last] = value;
}
