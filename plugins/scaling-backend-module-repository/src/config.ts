import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_READ_LIMITS, ReadLimits } from './reading/readRepository';
import { RateLimitSettings } from './refresh/RequestGates';

/** `scaling.repository`, read once at startup. */
export interface RepositoryConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  refreshEveryMs: number;
  pruneAfterMs: number;
  rateLimit: RateLimitSettings;
  concurrency: number;
  limits: ReadLimits;
}

/**
 * A Component new to the catalog is read at the next run: within a minute or two of the
 * catalog ingesting it.
 */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 10 },
};
export const DEFAULT_REFRESH_EVERY_MS = 6 * 3_600_000;
export const DEFAULT_PRUNE_AFTER_MS = 7 * 24 * 3_600_000;
export const DEFAULT_RATE_LIMIT_SHARE = 0.25;

function duration(
  section: Config | undefined,
  key: string,
  fallback: number,
): number {
  if (!section?.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(section, { key }));
  } catch (error) {
    throw new Error(
      `Invalid config scaling.repository.${key}: ${(error as Error).message}`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(
      `Invalid config scaling.repository.${key}: expected a duration of 0 or more, got ${JSON.stringify(section.get(key))}`,
    );
  }
  return ms;
}

function rateLimitOf(section: Config | undefined): RateLimitSettings {
  const rate = section?.getOptionalConfig('rateLimit');
  let share = DEFAULT_RATE_LIMIT_SHARE;
  if (rate?.has('share')) {
    share = rate.getNumber('share');
    if (!(share > 0 && share <= 1)) {
      throw new Error(
        `Invalid config scaling.repository.rateLimit.share: expected a number greater than 0 and at most 1, got ${share}`,
      );
    }
  }
  const requestsPerHour = rate?.has('requestsPerHour')
    ? wholeNumber(
        rate,
        'rateLimit.requestsPerHour',
        'requestsPerHour',
        0,
        10_000_000,
      )
    : undefined;
  return { share, ...(requestsPerHour ? { requestsPerHour } : {}) };
}

function wholeNumber(
  section: Config | undefined,
  name: string,
  key: string,
  fallback: number,
  max: number,
) {
  if (!section?.has(key)) return fallback;
  const value = section.getNumber(key);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `Invalid config scaling.repository.${name}: expected a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Reads `scaling.repository`; an invalid value throws naming the key. */
export function readRepositoryConfig(config: Config): RepositoryConfig {
  const section = config.getOptionalConfig('scaling.repository');
  return {
    schedule: section?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          section.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    refreshEveryMs: duration(section, 'refreshEvery', DEFAULT_REFRESH_EVERY_MS),
    pruneAfterMs: duration(section, 'pruneAfter', DEFAULT_PRUNE_AFTER_MS),
    rateLimit: rateLimitOf(section),
    concurrency: wholeNumber(section, 'concurrency', 'concurrency', 4, 64),
    limits: {
      ...DEFAULT_READ_LIMITS,
      maxFileBytes:
        wholeNumber(
          section,
          'maxFileKb',
          'maxFileKb',
          DEFAULT_READ_LIMITS.maxFileBytes / 1024,
          102_400,
        ) * 1024,
      maxFiles: wholeNumber(
        section,
        'maxFiles',
        'maxFiles',
        DEFAULT_READ_LIMITS.maxFiles,
        1_000_000,
      ),
    },
  };
}
