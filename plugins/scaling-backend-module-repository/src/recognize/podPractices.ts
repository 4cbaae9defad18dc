/*
 * The guide's Kubernetes best practices for one service, from its own workloads: each workload
 * follows a practice or not, from its pod facts (podFacts.ts) and the objects attached to it (a
 * PodDisruptionBudget, a NetworkPolicy, a ServiceMonitor, an autoscaler, a Namespace enforcing
 * the restricted standard). A practice is followed when every one of the service's workloads
 * follows it (summarize.ts lets a workload that does not decide); what no file can show either
 * way (logging, tracing) is said only when a workload's configuration says it.
 */
import { isNotProduction } from './capacity';
import { Link, Observation, Unit } from './types';
import { targetsOf } from './workloads';

/** The attached objects of each kind that target each unit. */
function attachments(
  units: readonly Unit[],
  links: readonly Link[],
): (unit: Unit, resources: RegExp) => Link[] {
  const byUnit = new Map<string, Link[]>();
  for (const link of links) {
    for (const id of targetsOf(link, units, links)) {
      const list = byUnit.get(id);
      if (list) list.push(link);
      else byUnit.set(id, [link]);
    }
  }
  return (unit, resources) =>
    (byUnit.get(unit.id) ?? []).filter(l => resources.test(l.resource));
}

function named(link: Link): string {
  return link.name ? `${link.resource} ${link.name}` : `a ${link.resource}`;
}

/** The practice observations of the service's own Kubernetes workloads. */
export function podPracticeObservations(
  own: readonly Unit[],
  units: readonly Unit[],
  links: readonly Link[],
): Observation[] {
  const attached = attachments(units, links);
  const found: Observation[] = [];
  for (const unit of own) {
    const pod = unit.pod;
    if (!pod) continue;
    const add = (key: Observation['key'], value: unknown, reason: string) =>
      found.push({
        key,
        value,
        path: unit.path,
        reason: `${unit.resource} ${unit.name}: ${reason}`,
        of: [unit.id],
        ...(unit.line !== undefined ? { line: unit.line } : {}),
      } as Observation);
    const staging = isNotProduction(unit.name, unit.path);

    if (unit.resource === 'Knative Service') {
      // Cloud Run: only its capacity is a practice of its tier.
      const min = pod.replicas ?? 0;
      if (staging) {
        add(
          'stagingScalesToZero',
          min === 0,
          min === 0
            ? 'staging scales to zero'
            : `staging keeps ${min} instances`,
        );
      } else {
        add('minReplicas', min, `${min} minimum instances (minScale)`);
      }
      continue;
    }
    // A staging or development workload says nothing of how production runs.
    if (staging) continue;

    const enforcing = attached(unit, /^Namespace$/)[0];
    if (enforcing) {
      add(
        'podSecurity',
        'restricted',
        `its namespace ${enforcing.name} enforces the restricted Pod Security Standard`,
      );
    } else {
      add(
        'podSecurity',
        pod.securityLevel,
        pod.securityLevel === 'restricted'
          ? 'runs as non-root, without privilege escalation, capabilities dropped, seccomp RuntimeDefault'
          : `its securityContext meets the ${pod.securityLevel} Pod Security Standard`,
      );
    }

    const ownAccount =
      pod.serviceAccount !== undefined && pod.serviceAccount !== 'default';
    let account = "the namespace's default service account, its token mounted";
    if (ownAccount) account = `service account ${pod.serviceAccount}`;
    else if (pod.automountToken === false) {
      account = 'no service account token mounted';
    }
    add('rbac', ownAccount || pod.automountToken === false, account);

    const policies = attached(unit, /^NetworkPolicy$/);
    add(
      'networkPolicy',
      policies.length > 0,
      policies.length > 0
        ? `${named(policies[0])} selects its pods`
        : 'no NetworkPolicy selects its pods',
    );

    const budgets = attached(unit, /^PodDisruptionBudget$/);
    add(
      'disruptionBudget',
      budgets.length > 0,
      budgets.length > 0
        ? `${named(budgets[0])} covers its pods`
        : 'no PodDisruptionBudget covers its pods',
    );

    add(
      'resourceLimits',
      pod.resources,
      pod.resources
        ? 'every container has CPU and memory requests and limits'
        : 'a container lacks CPU or memory requests or limits',
    );
    if (pod.rightSized !== undefined) {
      add(
        'rightSized',
        pod.rightSized,
        pod.rightSized
          ? 'limits within twice the requests'
          : 'a limit more than twice its request',
      );
    }
    add(
      'antiAffinity',
      pod.spread,
      pod.spread
        ? 'pod anti-affinity or a topology spread'
        : 'no pod anti-affinity or topology spread',
    );
    add(
      'probes',
      pod.probes,
      pod.probes
        ? 'liveness and readiness probes on every container'
        : 'a container lacks a liveness or readiness probe',
    );

    const monitors = attached(unit, /^(ServiceMonitor|PodMonitor)$/);
    const scraped = pod.scrapeAnnotated || monitors.length > 0;
    let scraping =
      'no ServiceMonitor, PodMonitor or prometheus.io/scrape annotation';
    if (monitors.length > 0) scraping = `${named(monitors[0])} scrapes it`;
    else if (pod.scrapeAnnotated) scraping = 'prometheus.io/scrape on its pods';
    add('metricsExporter', scraped, scraping);
    if (pod.jsonLogging !== undefined) {
      add(
        'structuredLogging',
        pod.jsonLogging,
        pod.jsonLogging
          ? 'configured to log JSON'
          : 'configured to log plain text',
      );
    }
    if (pod.traceContext !== undefined) {
      add(
        'traceContext',
        pod.traceContext,
        pod.traceContext
          ? 'OpenTelemetry propagates W3C Trace Context'
          : 'OTEL_PROPAGATORS leaves out tracecontext',
      );
    }

    const scaler = attached(
      unit,
      /^(HorizontalPodAutoscaler|ScaledObject)$/,
    ).find(l => l.minReplicas !== undefined);
    if (scaler) {
      add(
        'minReplicas',
        scaler.minReplicas!,
        `${named(scaler)} keeps ${scaler.minReplicas} replicas at least`,
      );
    } else if (pod.replicas !== undefined) {
      add('minReplicas', pod.replicas, `${pod.replicas} replicas`);
    }
    if (pod.spot) add('spotCapacity', true, 'scheduled on spot nodes');
    if (pod.secretsInjected) {
      add('secretManagement', true, 'secrets injected by a secrets manager');
    }
  }
  return found;
}
