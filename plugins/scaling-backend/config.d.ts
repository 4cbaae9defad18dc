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
        managedCloud?: number;
        kubernetes?: number;
        enterprise?: number;
      };
      /**
       * Uptime SLA (percent) from which each tier is demanded (inclusive).
       * Defaults: managedCloud 99, kubernetes 99.9, enterprise 99.95.
       */
      sla?: {
        managedCloud?: number;
        kubernetes?: number;
        enterprise?: number;
      };
      /**
       * The lowest monthly budget (USD) that can run each tier; below it the recommendation is
       * capped. Defaults: managedCloud 200, kubernetes 1000, enterprise 5000.
       */
      budgetFloorUsd?: {
        managedCloud?: number;
        kubernetes?: number;
        enterprise?: number;
      };
    };
    /**
     * The Kubernetes gate (docs/rules.md#kubernetes-gate): "migrate to Kubernetes ONLY if you
     * meet 3 or more criteria".
     */
    kubernetesGate?: {
      /**
       * How many of the seven criteria must hold (0 to 7). Default 3.
       */
      minCriteria?: number;
      /**
       * Components in a System from which the `microservices` criterion holds. Default 5.
       */
      microservicesMinServices?: number;
    };
    /**
     * The org policy: values every matching entity gets unless it says otherwise, in order; for
     * each value, the first rule whose filter matches gives it. Below the entity's own
     * annotations and the evidence providers, above the catalog's facts. Values are annotation
     * texts, parsed as the annotations are; a bad rule stops the backend at startup, naming its
     * index and key.
     *
     * ```yaml
     * defaults:
     *   - filter: { spec.lifecycle: production }
     *     annotations: { scaling.io/uptime-sla: '99.9' }
     *   - filter: { spec.lifecycle: experimental }
     *     annotations: { scaling.io/uptime-sla: '99' }
     * ```
     */
    defaults?: Array<{
      /**
       * Catalog filter keys (`kind`, `spec.type`, `spec.lifecycle`, `spec.system`, `spec.owner`,
       * `metadata.namespace`, `metadata.tags`, `metadata.annotations.<key>`, …), each a value or
       * a list of values; all must match, case-insensitively, as the catalog compares them.
       */
      filter: { [key: string]: string | string[] };
      /** `scaling.io/` annotations and their values, as on an entity. */
      annotations: { [key: string]: string };
    }>;
    /**
     * The Component types that run on infrastructure of their own: only they are scanned,
     * listed and counted; any other type (library, documentation…) is assessed as
     * `not-applicable`. Default `[service, website]`.
     */
    deployableTypes?: string[];
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
    /**
     * Notifications to each service's owner (a group's members, or a user) through Backstage's
     * notifications backend after each complete scan: when the service becomes
     * under-provisioned, when it breaches its uptime SLA, and when its users forecast crosses
     * the next tier within `horizonDays`. Each change is sent once; when it clears, a later
     * recurrence notifies again. Needs `@backstage/plugin-notifications-backend` installed.
     */
    notifications?: {
      /** Off unless true. */
      enabled?: boolean;
      /**
       * A users forecast that reaches the next tier within this many days notifies: a whole
       * number from 1 to 3650. Default 30.
       */
      horizonDays?: number;
    };
  };
}
