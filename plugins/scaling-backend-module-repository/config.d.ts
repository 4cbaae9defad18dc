import { HumanDuration } from '@backstage/types';

export interface Config {
  scaling?: {
    /** The repository evidence provider (`…-backend-module-repository`). */
    repository?: {
      /**
       * How often the module looks for repositories to read: those of Components new to the
       * catalog (or whose source location moved), failed reads due for a retry, and those last
       * read `refreshEvery` ago. Backstage's task-schedule shape; one run at a time across
       * replicas, each at most 2 minutes. Default: every minute, timeout 10 minutes, first run
       * 10 seconds after start.
       */
      schedule?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
      /**
       * How often a repository is read again (an unchanged one costs one request and no
       * download). Default: 6 hours.
       */
      refreshEvery?: string | HumanDuration;
      /**
       * How long a repository no catalog entity names any more keeps its stored facts before
       * they are deleted. Default: 7 days.
       */
      pruneAfter?: string | HumanDuration;
      /** How much of an SCM's rate limit the module may spend. */
      rateLimit?: {
        /**
         * The share of a GitHub credential's allowance (per hour) the module may spend,
         * greater than 0 and at most 1; the rest stays for the catalog and everyone else
         * using the same token or app. The module never lets less than the rest remain.
         * Default 0.25.
         */
        share?: number;
        /**
         * For hosts whose allowance the UrlReader does not expose (GitLab, Bitbucket, Azure
         * DevOps, Gitea, Gerrit): requests per hour to pace to. Default: no pacing; a
         * refusal (429) pauses the host for a minute, doubling.
         */
        requestsPerHour?: number;
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
