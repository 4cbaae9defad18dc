/*
 * Service level objectives as uptime SLAs: OpenSLO, Sloth (as a Kubernetes resource and in its
 * own `prometheus/v1` file format) and Pyrra. A document with several objectives gives its
 * strictest.
 */
import { at, decimal, records, text } from './data';
import { Observations } from './observations';

/** 0.999 * 100 is 99.89999999999999 in floating point; objectives have a few decimals at most. */
function percent(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function valid(value: number | undefined): value is number {
  return value !== undefined && value > 0 && value <= 100;
}

export function recognizeSlo(document: unknown, out: Observations): void {
  const apiVersion = at(document, 'apiVersion');
  const kind = at(document, 'kind');
  let objectives: (number | undefined)[] = [];
  let reason = '';
  if (
    typeof apiVersion === 'string' &&
    /^openslo\/v1/.test(apiVersion) &&
    kind === 'SLO'
  ) {
    objectives = records(at(document, 'spec', 'objectives')).map(objective => {
      const ratio = decimal(objective.target);
      return ratio !== undefined && ratio <= 1
        ? percent(ratio * 100)
        : decimal(objective.targetPercent);
    });
    reason = 'an OpenSLO SLO';
  } else if (
    apiVersion === 'sloth.slok.dev/v1' &&
    kind === 'PrometheusServiceLevel'
  ) {
    objectives = records(at(document, 'spec', 'slos')).map(slo =>
      decimal(slo.objective),
    );
    reason = 'a Sloth PrometheusServiceLevel';
  } else if (at(document, 'version') === 'prometheus/v1') {
    objectives = records(at(document, 'slos')).map(slo =>
      decimal(slo.objective),
    );
    reason = 'a Sloth SLO spec';
  } else if (
    apiVersion === 'pyrra.dev/v1alpha1' &&
    kind === 'ServiceLevelObjective'
  ) {
    objectives = [decimal(at(document, 'spec', 'target'))];
    reason = 'a Pyrra ServiceLevelObjective';
  }
  const found = objectives.filter(valid).map(percent);
  if (found.length === 0) return;
  // An SLO names its service: it is that service's objective, not every service's in the repo.
  const service =
    text(at(document, 'spec', 'service')) ?? text(at(document, 'service'));
  const of = service
    ? [out.link('SLO', [{ by: 'name', name: service }], { name: service })]
    : undefined;
  out.add(
    'uptimeSla',
    found.reduce((a, b) => Math.max(a, b)),
    service ? `${reason} for ${service}` : reason,
    of,
  );
}
