import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DEFAULT_READ_LIMITS, ReadLimits } from './reading/readRepository';

/** `scaling.repository`, read once at startup. */
export interface RepositoryConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  limits: ReadLimits;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 10 },
};

function wholeNumber(
  section: Config | undefined,
  key: string,
  fallback: number,
  max: number,
) {
  if (!section?.has(key)) return fallback;
  const value = section.getNumber(key);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `Invalid config scaling.repository.${key}: expected a whole number from 1 to ${max}, got ${value}`,
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
    concurrency: wholeNumber(section, 'concurrency', 4, 64),
    limits: {
      ...DEFAULT_READ_LIMITS,
      maxFileBytes:
        wholeNumber(
          section,
          'maxFileKb',
          DEFAULT_READ_LIMITS.maxFileBytes / 1024,
          102_400,
        ) * 1024,
      maxFiles: wholeNumber(
        section,
        'maxFiles',
        DEFAULT_READ_LIMITS.maxFiles,
        1_000_000,
      ),
    },
  };
}
