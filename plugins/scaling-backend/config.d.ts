import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Scaling Advisor. Every number defaults to the scaling strategy's decision matrix. */
  scaling?: {
    /** Overrides of the tier thresholds. Values must rise from managedCloud to enterprise. */
    thresholds?: {
      /**
       * Active users from which each tier is demanded (inclusive).
       * Defaults: managedCloud 1000, kubernetes 10001, enterprise 50001.
       */
      users?: {
        /** @visibility frontend */
        managedCloud?: number;
        /** @visibility frontend */
        kubernetes?: number;
        /** @visibility frontend */
        enterprise?: number;
      };
      /**
       * Uptime SLA (percent) from which each tier is demanded (inclusive).
       * Defaults: managedCloud 99, kubernetes 99.9, enterprise 99.95.
       */
      sla?: {
        /** @visibility frontend */
        managedCloud?: number;
        /** @visibility frontend */
        kubernetes?: number;
        /** @visibility frontend */
        enterprise?: number;
      };
      /**
       * The lowest monthly budget (USD) that can run each tier; below it the recommendation is
       * capped. Defaults: managedCloud 200, kubernetes 1000, enterprise 5000.
       */
      budgetFloorUsd?: {
        /** @visibility frontend */
        managedCloud?: number;
        /** @visibility frontend */
        kubernetes?: number;
        /** @visibility frontend */
        enterprise?: number;
      };
    };
    /** The Kubernetes gate: "migrate to Kubernetes ONLY if you meet 3 or more criteria". */
    kubernetesGate?: {
      /**
       * How many of the seven criteria must hold (0 to 7). Default 3.
       * @visibility frontend
       */
      minCriteria?: number;
      /**
       * Components in a System from which the `microservices` criterion holds. Default 5.
       * @visibility frontend
       */
      microservicesMinServices?: number;
    };
    /** The org-wide scan that stores assessments for the overview and their history. */
    scan?: {
      /**
       * When the scan runs, in Backstage's task-schedule shape; one run per period across all
       * replicas. Default: every 30 minutes, timeout 15 minutes, first run 15 s after start.
       */
      schedule?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
      /** Entities per catalog page (and per database transaction). Default 500. */
      pageSize?: number;
      /** Catalog filter of the entities to scan. Default `{ kind: Component }`. */
      filter?: { [key: string]: string | string[] };
      /** Days of history kept. Default 90. */
      retentionDays?: number;
      /**
       * How often an entity whose current and recommended tier, status and readiness score
       * did not change gets a history snapshot (a change of any of them gets one at the scan
       * that sees it). Each entity's intervals start at an offset of its own, so that these
       * snapshots spread over the interval's scans. Bounds the history's size: at 100,000 entities and a scan every 30
       * minutes, one snapshot per scan would be 4.8 million rows a day. Default 1 day;
       * 0 takes a snapshot at every scan; at most `retentionDays`.
       */
      snapshotInterval?: string | HumanDuration;
    };
  };
}
