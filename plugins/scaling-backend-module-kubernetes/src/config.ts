import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Platform } from '@scaling-advisor/backstage-plugin-scaling-common';

/** The Kubernetes module's settings, `scaling.kubernetes` (config.d.ts). */
export interface KubernetesSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Entities read at once. */
  concurrency: number;
  /** The deadline of one action call. */
  timeoutMs: number;
  /** The action that reads an entity's live objects. */
  actionId: string;
  /** Each configured cluster's platform, from `kubernetes.clusterLocatorMethods`. */
  platforms: Map<string, Platform>;
}

export const DEFAULT_ACTION_ID =
  'kubernetes:get-kubernetes-resources-for-entity';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new InputError(
      `scaling.kubernetes.${key}: expected an integer from 1 to ${max}, got ${value}`,
    );
  return value;
}

/** A cluster's platform, from how the app authenticates to it or the host it serves from. */
function platformOf(cluster: Config): Platform {
  const auth = cluster.getOptionalString('authProvider');
  const url = cluster.getOptionalString('url') ?? '';
  if (auth === 'aws' || /\.eks\.amazonaws\.com/i.test(url)) return 'eks';
  if (auth === 'azure' || /\.azmk8s\.io/i.test(url)) return 'aks';
  if (auth === 'google' || /container\.googleapis\.com/i.test(url))
    return 'gke';
  return 'kubernetes';
}

function clusterPlatforms(config: Config): Map<string, Platform> {
  const platforms = new Map<string, Platform>();
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getOptionalString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getOptionalString('name');
      if (name) platforms.set(name, platformOf(cluster));
    }
  }
  return platforms;
}

export function readKubernetesConfig(config: Config): KubernetesSettings {
  const own = config.getOptionalConfig('scaling.kubernetes');
  const schedule = own?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        own!.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  return {
    schedule,
    concurrency: positiveInteger(own, 'concurrency', 4, 50),
    timeoutMs: positiveInteger(own, 'timeoutSeconds', 20, 600) * 1000,
    actionId: own?.getOptionalString('actionId') ?? DEFAULT_ACTION_ID,
    platforms: clusterPlatforms(config),
  };
}
