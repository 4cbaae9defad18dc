import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  DEFAULT_DEPLOYABLE_TYPES,
  ThresholdsConfig,
  parseOrgPolicy,
  resolveThresholds,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { RulesConfig } from './services/AssessmentService';
import {
  NotificationsConfig,
  readNotificationsConfig,
} from './notifications/config';

/** The org-wide scan's settings. */
export interface ScanConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The stored overview counts as stale when the last complete scan is older than this. */
  staleAfterMs: number;
  pageSize: number;
  /** Catalog filter of the entities to scan. */
  filter: Record<string, string | string[]>;
  retentionDays: number;
  /**
   * How often an entity whose tiers, status and readiness score did not change gets a
   * history snapshot; a change of any of them gets one at once. 0: at every scan.
   */
  snapshotIntervalMs: number;
}

/** The plugin's settings, read once at startup. */
export interface ScalingConfig {
  /** The numbers, the org policy and the deployable types the rules read. */
  rules: RulesConfig;
  scan: ScanConfig;
  /** `scaling.notifications`: owner notifications after each scan. */
  notifications: NotificationsConfig;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

/** An unchanged entity gets a history snapshot once a day. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 86_400_000;

function fail(key: string, message: string): never {
  throw new Error(`Invalid config ${key}: ${message}`);
}

/** A whole number under `scaling.scan`. */
function positiveInteger(
  config: Config,
  key: string,
  fallback: number,
  max: number,
): number {
  if (!config.has(key)) return fallback;
  const value = config.getNumber(key);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    fail(
      `scaling.scan.${key}`,
      `expected a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

function readScanConfig(section: Config | undefined): ScanConfig {
  const scan = section?.getOptionalConfig('scan');
  const schedule = scan?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        scan.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const frequency = schedule.frequency as HumanDuration | { cron: string };
  const frequencyMs =
    'cron' in frequency || 'trigger' in frequency
      ? 30 * 60_000
      : durationToMilliseconds(frequency as HumanDuration);

  let filter: Record<string, string | string[]> = { kind: 'Component' };
  if (scan?.has('filter')) {
    const raw = scan.getOptional('filter');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      fail(
        'scaling.scan.filter',
        `expected an object of catalog filter keys, got ${JSON.stringify(raw)}`,
      );
    }
    filter = raw as Record<string, string | string[]>;
  }

  let snapshotIntervalMs = DEFAULT_SNAPSHOT_INTERVAL_MS;
  if (scan?.has('snapshotInterval')) {
    try {
      snapshotIntervalMs = durationToMilliseconds(
        readDurationFromConfig(scan, { key: 'snapshotInterval' }),
      );
    } catch (error) {
      fail('scaling.scan.snapshotInterval', (error as Error).message);
    }
    if (!Number.isFinite(snapshotIntervalMs) || snapshotIntervalMs < 0) {
      fail(
        'scaling.scan.snapshotInterval',
        `expected a duration of 0 or more, got ${JSON.stringify(scan.get('snapshotInterval'))}`,
      );
    }
  }

  const retentionDays = scan
    ? positiveInteger(scan, 'retentionDays', 90, 36_500)
    : 90;
  if (snapshotIntervalMs > retentionDays * 86_400_000) {
    fail(
      'scaling.scan.snapshotInterval',
      `must not be longer than scaling.scan.retentionDays (${retentionDays} days), or an unchanged entity's history would be pruned away`,
    );
  }

  return {
    schedule,
    staleAfterMs: 2 * frequencyMs,
    pageSize: scan ? positiveInteger(scan, 'pageSize', 500, 10_000) : 500,
    filter,
    retentionDays,
    snapshotIntervalMs,
  };
}

/**
 * Reads `scaling.*` from app-config. Invalid values throw an error naming the key, which
 * fails the plugin's startup: a wrong threshold must not silently give wrong advice.
 */
export function readScalingConfig(config: Config): ScalingConfig {
  const section = config.getOptionalConfig('scaling');
  const raw = config.getOptional<ThresholdsConfig>('scaling') ?? {};
  const thresholds = resolveThresholds({
    thresholds: raw.thresholds,
    kubernetesGate: raw.kubernetesGate,
  });
  const deployableTypes = readDeployableTypes(config);
  const scan = readScanConfig(section);
  const kind = scan.filter.kind;
  if (
    typeof kind === 'string' &&
    kind.toLowerCase() === 'component' &&
    !('spec.type' in scan.filter)
  ) {
    // Only deployed Components are scanned: the catalog leaves the others out of the pages.
    scan.filter = { ...scan.filter, 'spec.type': [...deployableTypes] };
  }
  return {
    rules: {
      integrations: ScmIntegrations.fromConfig(config),
      thresholds,
      policy: parseOrgPolicy(config.getOptional('scaling.defaults')),
      deployableTypes,
    },
    scan,
    notifications: readNotificationsConfig(section),
  };
}

/** `scaling.deployableTypes`: the Component types that run somewhere, default service, website. */
function readDeployableTypes(config: Config): readonly string[] {
  const raw = config.getOptional('scaling.deployableTypes');
  if (raw === undefined) return DEFAULT_DEPLOYABLE_TYPES;
  if (
    !Array.isArray(raw) ||
    raw.length === 0 ||
    !raw.every(t => typeof t === 'string' && t.trim() !== '')
  ) {
    fail(
      'scaling.deployableTypes',
      `expected a non-empty list of Component types such as [service, website], got ${JSON.stringify(raw)}`,
    );
  }
  return (raw as string[]).map(t => t.trim());
}
