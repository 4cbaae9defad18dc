import { HumanDuration } from '@backstage/types';

export interface Config {
  scaling?: {
    /** The repository evidence provider (`…-backend-module-repository`). */
    repository?: {
      /**
       * When every repository is read again (an unchanged one costs one request and no
       * download). Backstage's task-schedule shape; one run per period across replicas.
       * Default: every 6 hours, timeout 30 minutes, first run 10 seconds after start.
       */
      schedule?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
      /** Repositories read at the same time. Default 4. */
      concurrency?: number;
      /** A file larger than this many kB is skipped with a finding. Default 512. */
      maxFileKb?: number;
      /** A repository with more files than this is skipped whole, with a finding. Default 5000. */
      maxFiles?: number;
    };
  };
}
