import { SignalName, Signals } from './types';

/** The signals the rules read, whose coverage the overview reports. @public */
export const COVERAGE_SIGNALS = [
  'activeUsers',
  'uptimeSla',
  'platform',
  'monthlyBudgetUsd',
  'measuredUptime',
  'serviceCount',
  'teamK8sExpertise',
  'multiRegionRequired',
  'regions',
  'deploymentStrategy',
  'serviceMesh',
  'constraints',
  'practices',
] as const satisfies readonly SignalName[];

/** @public */
export type CoverageSignal = (typeof COVERAGE_SIGNALS)[number];

/** Where each known signal of one service came from; unknown signals are left out. @public */
export type SignalSources = Partial<Record<CoverageSignal, string>>;

/** How many listed services have a value for one signal, by source, and how many do not. @public */
export interface SignalCoverage {
  known: number;
  unknown: number;
  bySource: Record<string, number>;
}

/** `coverage` of `GET /overview`: for each signal the rules read, over the listed services. @public */
export interface OverviewCoverage {
  services: number;
  signals: Record<CoverageSignal, SignalCoverage>;
}

/** The sources of a service's known signals. @public */
export function signalSourcesOf(signals: Signals): SignalSources {
  const sources: SignalSources = {};
  for (const name of COVERAGE_SIGNALS) {
    const signal = signals[name];
    if (signal.value !== null && signal.source !== null)
      sources[name] = signal.source;
  }
  return sources;
}

/** Coverage over services, from the sources of each one's known signals. @public */
export function coverageOf(
  services: readonly SignalSources[],
): OverviewCoverage {
  const signals = {} as Record<CoverageSignal, SignalCoverage>;
  for (const name of COVERAGE_SIGNALS) {
    signals[name] = { known: 0, unknown: 0, bySource: {} };
  }
  for (const sources of services) {
    for (const name of COVERAGE_SIGNALS) {
      const source = sources[name];
      const entry = signals[name];
      if (source === undefined) {
        entry.unknown += 1;
      } else {
        entry.known += 1;
        entry.bySource[source] = (entry.bySource[source] ?? 0) + 1;
      }
    }
  }
  return { services: services.length, signals };
}

/**
 * How to fill each signal when it is unknown: the annotation, the provider to install, or the
 * `scaling.defaults` rule.
 *
 * @public
 */
export const SIGNAL_FIXES: Readonly<Record<CoverageSignal, string>> = {
  activeUsers:
    'Install a metrics provider (the Prometheus module) so active users are measured, or set scaling.io/active-users.',
  uptimeSla:
    "Add a scaling.defaults rule by lifecycle, e.g. { filter: { spec.lifecycle: production }, annotations: { scaling.io/uptime-sla: '99.9' } }; the repository module also reads OpenSLO, Sloth and Pyrra SLOs.",
  platform:
    'Install the repository module: it reads the deployment files (Compose, ECS, Cloud Run, Azure Container Instances, Kubernetes, Helm, Argo CD, Flux). Or set scaling.io/platform.',
  monthlyBudgetUsd:
    'Add a scaling.defaults rule by owner or system that sets scaling.io/monthly-budget-usd, or set it on the entity.',
  measuredUptime:
    'Install a metrics provider that measures uptime (the Prometheus module).',
  serviceCount:
    'Give the Component a spec.system: the catalog then counts the Components of its System.',
  teamK8sExpertise: 'Set scaling.io/k8s-expertise on the owner Group.',
  multiRegionRequired:
    'Set scaling.io/multi-region-required, or a scaling.defaults rule for the services that must run in several regions.',
  regions:
    'Set scaling.io/regions on services deployed to two or more regions (a scaling.defaults rule by system works too).',
  deploymentStrategy:
    'The repository module reads Argo Rollouts and Flagger canaries; or set scaling.io/deployment-strategy.',
  serviceMesh:
    'The repository module reads Istio and Linkerd resources; or set scaling.io/service-mesh.',
  constraints:
    'Set scaling.io/constraints (air-gapped, government) on the services bound by them; a scaling.defaults rule by system works too.',
  practices:
    'The repository module reads infrastructure as code (Terraform, Pulumi, CDK) and Argo Rollouts; or set scaling.io/practices.',
};
