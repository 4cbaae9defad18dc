import { SCALING_ANNOTATIONS } from './annotations';
import { CoverageSignal, InstalledProvider } from './coverage';

/** The annotation with which the catalog says where a Component's source is. */
const SOURCE_LOCATION = 'backstage.io/source-location';

const REPOSITORY_READS =
  'deployment files (Compose, ECS, Cloud Run, Azure Container Instances, Kubernetes, Helm, Argo CD, Flux)';

function list(ids: string[]): string {
  return ids.length === 1
    ? ids[0]
    : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * For a signal a metrics provider measures: what to do, given the metrics providers the backend
 * has. A configured one measured nothing for these services; an unconfigured one waits for its
 * key; with none, install one.
 */
function metricsFix(
  providers: readonly InstalledProvider[],
  what: string,
  annotation?: string,
): string {
  const metrics = providers.filter(p => p.kind === 'metrics');
  const configured = metrics.filter(p => p.configured).map(p => p.id);
  const waiting = metrics.filter(p => !p.configured);
  const orAnnotation = annotation ? `, or set ${annotation}` : '';
  if (configured.length > 0) {
    return `The metrics provider${configured.length > 1 ? 's' : ''} ${list(
      configured,
    )} measured no ${what} for these services: check that ${what} are published for each of them (the labels or scaling.io/prometheus-selector the provider queries)${orAnnotation}.`;
  }
  if (waiting.length > 0) {
    return `${waiting
      .map(
        p =>
          `The ${p.id} metrics provider is installed but not configured: set ${
            p.configKey ?? `its configuration`
          } in app-config`,
      )
      .join('. ')}${orAnnotation}.`;
  }
  return `Install a metrics provider (the Prometheus module) so that ${what} are measured${orAnnotation}.`;
}

/** What to do when a value the repository module reads is unknown. */
function repositoryFix(
  providers: readonly InstalledProvider[],
  reads: string,
  annotation: string,
): string {
  const repository = providers.find(
    p => p.kind === 'evidence' && p.id === 'repository',
  );
  if (!repository) {
    return `Install the repository module: it reads ${reads}. Or set ${annotation}.`;
  }
  if (!repository.configured) {
    return `The repository module is installed but not configured: set ${
      repository.configKey ?? 'its configuration'
    } in app-config. Or set ${annotation}.`;
  }
  const progress = repository.progress;
  const pending =
    progress && progress.done < progress.total
      ? `The repository module has read ${progress.done} of ${progress.total} ${progress.unit} so far${
          progress.waitingFor && progress.waitingUntil
            ? `, and waits for ${progress.waitingFor} until ${progress.waitingUntil}`
            : ''
        }; the rest follow. `
      : '';
  return `${pending}The repository module reads ${reads} of the Components that have ${SOURCE_LOCATION} (a Component registered from its repository URL has it): add it where it is missing, or set ${annotation}.`;
}

/**
 * How to fill a signal that is unknown for some listed services, knowing which providers the
 * backend has and whether they are configured: the annotation, the provider's configuration
 * key, the missing source location, or the `scaling.defaults` rule. Never "install" what is
 * installed.
 *
 * @public
 */
export function signalFix(
  signal: CoverageSignal,
  providers: readonly InstalledProvider[] = [],
): string {
  switch (signal) {
    case 'activeUsers':
      return metricsFix(
        providers,
        'active users',
        SCALING_ANNOTATIONS.activeUsers,
      );
    case 'measuredUptime':
      return metricsFix(providers, 'uptime figures');
    case 'platform':
      return repositoryFix(
        providers,
        REPOSITORY_READS,
        SCALING_ANNOTATIONS.platform,
      );
    case 'uptimeSla':
      return "Add a scaling.defaults rule by lifecycle, e.g. { filter: { spec.lifecycle: production }, annotations: { scaling.io/uptime-sla: '99.9' } }, or set scaling.io/uptime-sla; the repository module also reads OpenSLO, Sloth and Pyrra SLOs.";
    case 'monthlyBudgetUsd':
      return 'Add a scaling.defaults rule by owner or system that sets scaling.io/monthly-budget-usd, or set it on the entity.';
    case 'serviceCount':
      return 'Give the Component a spec.system: the catalog then counts the Components of its System.';
    case 'teamK8sExpertise':
      return 'Set scaling.io/k8s-expertise on the owner Group.';
    case 'multiRegionRequired':
      return 'Set scaling.io/multi-region-required, or a scaling.defaults rule for the services that must run in several regions.';
    case 'regions':
      return 'Set scaling.io/regions on services deployed to two or more regions (a scaling.defaults rule by system works too).';
    case 'deploymentStrategy':
      return repositoryFix(
        providers,
        'Argo Rollouts and Flagger canaries',
        SCALING_ANNOTATIONS.deploymentStrategy,
      );
    case 'serviceMesh':
      return repositoryFix(
        providers,
        'Istio and Linkerd resources',
        SCALING_ANNOTATIONS.serviceMesh,
      );
    case 'constraints':
      return 'Set scaling.io/constraints (air-gapped, government) on the services bound by them; a scaling.defaults rule by system works too.';
    case 'practices':
      return repositoryFix(
        providers,
        'infrastructure as code (Terraform, Pulumi, CDK) and Argo Rollouts',
        SCALING_ANNOTATIONS.practices,
      );
    default: {
      const unknown: never = signal;
      throw new Error(`No fix for signal ${unknown}`);
    }
  }
}
