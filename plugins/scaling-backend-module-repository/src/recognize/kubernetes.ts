/*
 * Kubernetes manifests and the custom resources of the tools around them (Argo CD and Rollouts,
 * Flux, KEDA, Prometheus Operator, Velero, Flagger, Istio, Linkerd, Knative). A resource is
 * known by its `apiVersion` and `kind` alone, so these work on the `{ apiVersion, kind }` a Helm
 * template is reduced to as well as on a full manifest.
 */
import { Platform } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Data, at, decimal, isRecord, port, records } from './data';
import { probePath } from './health';
import { Observations } from './observations';

interface Resource {
  group: string;
  kind: string;
  apiVersion: string;
  data: Data;
}

// Both are shown in reasons, so only well-formed names are taken as a resource's.
const API_VERSION = /^(?:([a-z0-9][a-z0-9.-]{0,252})\/)?v\d+[a-z0-9]{0,20}$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

function resourceOf(document: unknown): Resource | undefined {
  if (!isRecord(document)) return undefined;
  const { apiVersion, kind } = document;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  const match = API_VERSION.exec(apiVersion);
  if (!match || !KIND.test(kind)) return undefined;
  return { group: match[1] ?? '', kind, apiVersion, data: document };
}

const BUILT_IN_GROUP =
  /^(|apps|batch|autoscaling|policy|extensions|[a-z0-9.-]+\.k8s\.io)$/;
const TOOL_GROUP =
  /(^|\.)(argoproj\.io|fluxcd\.io|keda\.sh|coreos\.com|velero\.io|flagger\.app|istio\.io|linkerd\.io|cert-manager\.io|external-secrets\.io|bitnami\.com|traefik\.io|traefik\.containo\.us|projectcontour\.io|opentelemetry\.io)$/;
// Resources only GKE serves: its Ingress and load-balancer extensions, managed Prometheus.
const GKE_GROUP =
  /^(networking\.gke\.io|cloud\.google\.com|monitoring\.googleapis\.com)$/;

function platformOf({ group, kind }: Resource): [Platform, string] | undefined {
  if (group === 'serving.knative.dev' && kind === 'Service') {
    return ['cloud-run', 'a Knative Service (Cloud Run)'];
  }
  if (GKE_GROUP.test(group)) return ['gke', `a GKE ${kind}`];
  if (group === 'eksctl.io' && kind === 'ClusterConfig') {
    return ['eks', 'an eksctl ClusterConfig'];
  }
  // `v1` `Config` is a kubeconfig: how a client reaches a cluster, not what runs on one.
  if (BUILT_IN_GROUP.test(group) && !(group === '' && kind === 'Config')) {
    return ['kubernetes', `a Kubernetes ${kind}`];
  }
  if (TOOL_GROUP.test(group))
    return ['kubernetes', `a Kubernetes ${kind} (${group})`];
  return undefined;
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

function recognizeResource(resource: Resource, out: Observations): void {
  const platform = platformOf(resource);
  if (!platform) return;
  out.add('platform', ...platform);
  recognizeWorkload(resource, out);
  recognizeMesh(resource, out);

  const { group, kind, data } = resource;
  const spec = at(data, 'spec');
  const ingress = ingressOf(resource);
  if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') {
    const min = decimal(at(spec, 'minReplicas')) ?? 1;
    const max = decimal(at(spec, 'maxReplicas'));
    if (max === undefined || max > min) {
      out.add('autoscaling', true, 'a HorizontalPodAutoscaler');
    }
  } else if (
    group === 'keda.sh' &&
    (kind === 'ScaledObject' || kind === 'ScaledJob')
  ) {
    out.add('autoscaling', true, `a KEDA ${kind}`);
  } else if (ingress) {
    out.add('ingress', true, ingress);
  } else if (
    group === 'argoproj.io' &&
    /^(Application|ApplicationSet|AppProject)$/.test(kind)
  ) {
    out.add('gitops', true, `an Argo CD ${kind}`);
  } else if (group.endsWith('.toolkit.fluxcd.io')) {
    out.add('gitops', true, `a Flux ${kind}`);
  } else if (group === 'argoproj.io' && kind === 'Rollout') {
    recognizeRollout(spec, out);
  } else if (group === 'flagger.app' && kind === 'Canary') {
    recognizeFlagger(spec, out);
  } else if (group === 'velero.io' && kind === 'Schedule') {
    out.add('backup', true, 'a Velero backup Schedule');
  } else if (
    (group === 'monitoring.coreos.com' &&
      /^(ServiceMonitor|PodMonitor)$/.test(kind)) ||
    (group === 'monitoring.googleapis.com' &&
      /^(Cluster)?PodMonitoring$/.test(kind))
  ) {
    out.add('observability', ['metrics'], `a Prometheus ${kind}`);
    out.add('monitoring', true, `a Prometheus ${kind}`);
  } else if (group === 'monitoring.coreos.com' && kind === 'PrometheusRule') {
    out.add('monitoring', true, 'Prometheus alerting rules');
  } else if (group === 'cloud.google.com' && kind === 'BackendConfig') {
    if (at(spec, 'cdn', 'enabled') === true) {
      out.add('cdn', true, 'a GKE BackendConfig with Cloud CDN');
    }
  }
}

/** What routes outside traffic to the service: an Ingress, or a Gateway API or controller route. */
function ingressOf({ group, kind }: Resource): string | undefined {
  if (kind === 'Ingress' && BUILT_IN_GROUP.test(group)) {
    return 'a Kubernetes Ingress';
  }
  if (
    group === 'gateway.networking.k8s.io' &&
    /^(HTTP|GRPC)Route$/.test(kind)
  ) {
    return `a Gateway API ${kind}`;
  }
  if (group === 'networking.gke.io' && kind === 'MultiClusterIngress') {
    return 'a GKE MultiClusterIngress';
  }
  if (/^traefik\./.test(group) && kind === 'IngressRoute') {
    return 'a Traefik IngressRoute';
  }
  if (group === 'projectcontour.io' && kind === 'HTTPProxy') {
    return 'a Contour HTTPProxy';
  }
  return undefined;
}

const PROBES = [
  ['readinessProbe', 'readiness'],
  ['livenessProbe', 'liveness'],
  ['startupProbe', 'startup'],
] as const;

/** The pod spec of a workload: `spec` of a Pod, the job template's of a CronJob, `spec.template.spec` otherwise. */
function podSpecOf({ group, kind, data }: Resource): unknown {
  if (group === '' && kind === 'Pod') return at(data, 'spec');
  if (group === 'batch' && kind === 'CronJob') {
    return at(data, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  }
  const workload =
    (group === 'apps' &&
      /^(Deployment|StatefulSet|DaemonSet|ReplicaSet)$/.test(kind)) ||
    (group === 'batch' && kind === 'Job') ||
    (group === 'argoproj.io' && kind === 'Rollout') ||
    (group === 'serving.knative.dev' && kind === 'Service');
  return workload ? at(data, 'spec', 'template', 'spec') : undefined;
}

function recognizeWorkload(resource: Resource, out: Observations): void {
  const containers = records(at(podSpecOf(resource), 'containers'));
  const { kind, group, data } = resource;
  const name = group === 'serving.knative.dev' ? 'Knative Service' : kind;
  for (const container of containers) {
    for (const [probe, label] of PROBES) {
      const path = probePath(at(container, probe, 'httpGet', 'path'));
      if (path) out.add('healthEndpoint', path, `a ${name} ${label} probe`);
    }
  }
  for (const container of containers) {
    const found = records(container.ports)
      .map(p => port(p.containerPort))
      .find(p => p !== undefined);
    if (found) {
      out.add('port', found, `a ${name} containerPort`);
      break;
    }
  }
  if (group === 'apps' && kind === 'Deployment') {
    if (at(data, 'spec', 'strategy', 'type') !== 'Recreate') {
      out.add('deploymentStrategy', 'rolling', 'a Deployment rolling update');
    }
  }
  if (group === 'serving.knative.dev') {
    const annotations = at(data, 'spec', 'template', 'metadata', 'annotations');
    const max =
      at(annotations, 'autoscaling.knative.dev/maxScale') ??
      at(annotations, 'autoscaling.knative.dev/max-scale');
    if (max !== undefined && decimal(max) !== 1) {
      out.add('autoscaling', true, 'a Knative maxScale annotation');
    }
  }
}

function recognizeMesh(
  { group, kind, data }: Resource,
  out: Observations,
): void {
  if (/(^|\.)istio\.io$/.test(group)) {
    out.add('serviceMesh', true, `an Istio ${kind}`);
    return;
  }
  if (/(^|\.)linkerd\.io$/.test(group)) {
    out.add('serviceMesh', true, `a Linkerd ${kind}`);
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
      out.add('serviceMesh', true, 'Istio sidecar injection');
    } else if (
      marks['istio-injection'] === 'enabled' ||
      typeof marks['istio.io/rev'] === 'string'
    ) {
      out.add('serviceMesh', true, 'Istio injection for the namespace');
    } else if (marks['linkerd.io/inject'] === 'enabled') {
      out.add('serviceMesh', true, 'Linkerd proxy injection');
    }
  }
}

function asRecord(value: unknown): Data {
  return isRecord(value) ? value : {};
}

function recognizeRollout(spec: unknown, out: Observations): void {
  if (isRecord(at(spec, 'strategy', 'canary'))) {
    out.add('deploymentStrategy', 'canary', 'an Argo Rollouts canary');
    out.add('practices', ['canary'], 'an Argo Rollouts canary');
  } else if (isRecord(at(spec, 'strategy', 'blueGreen'))) {
    out.add('deploymentStrategy', 'blue-green', 'an Argo Rollouts blue-green');
    out.add('practices', ['blue-green'], 'an Argo Rollouts blue-green');
  }
}

/**
 * Flagger runs blue/green when the analysis counts iterations without shifting traffic weights
 * (and without the header `match` of A/B testing); any other analysis is a canary.
 */
function recognizeFlagger(spec: unknown, out: Observations): void {
  const analysis = at(spec, 'analysis') ?? at(spec, 'canaryAnalysis');
  const weighted = ['stepWeight', 'stepWeights', 'maxWeight'].some(
    key => at(analysis, key) !== undefined,
  );
  const blueGreen =
    at(analysis, 'iterations') !== undefined &&
    !weighted &&
    at(analysis, 'match') === undefined;
  if (blueGreen) {
    out.add('deploymentStrategy', 'blue-green', 'a Flagger blue/green Canary');
    out.add('practices', ['blue-green'], 'a Flagger blue/green Canary');
  } else {
    out.add('deploymentStrategy', 'canary', 'a Flagger Canary');
    out.add('practices', ['canary'], 'a Flagger Canary');
  }
}
