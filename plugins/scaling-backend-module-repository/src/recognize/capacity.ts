/*
 * How many instances always run, and on which capacity: the managed-cloud side of the guide's
 * practices (at least 2 tasks or instances) and cost tips (spot capacity for what is not
 * critical, scale-to-zero for staging on Cloud Run), shared by the ECS, CloudFormation,
 * Terraform and Cloud Run recognizers.
 */
import { Observations } from './observations';

/** A name or path that says staging (or another environment that is not production). */
const NOT_PRODUCTION =
  /(^|[/._-])(staging|stage|stg|dev|development|preview|qa)([/._-]|$)/i;

export function isNotProduction(...names: Array<string | undefined>): boolean {
  return names.some(name => name !== undefined && NOT_PRODUCTION.test(name));
}

/**
 * An ECS service: its desired count or its scaling's minimum (whichever is lower is what
 * always runs), and whether its capacity is spot.
 */
export function ecsCapacity(
  out: Observations,
  label: string,
  capacity: {
    desired?: number;
    minimum?: number;
    launchType?: string;
    providers?: string[];
  },
): void {
  const counts = [capacity.desired, capacity.minimum].filter(
    (n): n is number => n !== undefined,
  );
  if (counts.length > 0) {
    const min = Math.min(...counts);
    out.add(
      'minReplicas',
      min,
      capacity.minimum !== undefined && min === capacity.minimum
        ? `${label} scaling minimum of ${min}`
        : `${label} desired count of ${min}`,
    );
  }
  const providers = capacity.providers ?? [];
  if (providers.includes('FARGATE_SPOT')) {
    out.add('spotCapacity', true, `${label} on FARGATE_SPOT capacity`);
  } else if (
    capacity.launchType === 'FARGATE' ||
    (providers.length > 0 && providers.every(p => p === 'FARGATE'))
  ) {
    out.add('spotCapacity', false, `${label} on on-demand Fargate capacity`);
  }
}

/**
 * A Cloud Run service's minimum instances (0 when left out: it scales to zero); for a staging
 * service, whether it scales to zero, and nothing about production's minimum.
 */
export function cloudRunCapacity(
  out: Observations,
  label: string,
  name: string | undefined,
  minimum: number | undefined,
  of?: string[],
): void {
  const min = minimum ?? 0;
  if (isNotProduction(name, out.path)) {
    out.add(
      'stagingScalesToZero',
      min === 0,
      min === 0
        ? `${label} (staging) scales to zero`
        : `${label} (staging) keeps ${min} instances`,
      of,
    );
    return;
  }
  out.add('minReplicas', min, `${label} with ${min} minimum instances`, of);
}
