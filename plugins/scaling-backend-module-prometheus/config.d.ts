import { HumanDuration } from '@backstage/types';

export interface Config {
  scaling?: {
    metrics?: {
      /**
       * The Prometheus metrics provider (module `scaling-backend-module-prometheus`). Leave it
       * out and the module stays off. Signals it measures get the source `metric:prometheus`
       * and win over the `scaling.io/*` annotations.
       */
      prometheus?: {
        /**
         * The Prometheus server (or Thanos/Mimir/Cortex query frontend), e.g.
         * `http://prometheus:9090`; a path prefix is kept. Queries go to `<baseUrl>/api/v1/query`.
         */
        baseUrl: string;
        /**
         * How long one batch of queries may take before the provider counts as unavailable
         * (the assessment then uses the annotations and carries `metrics-unavailable`).
         * A Backstage duration: `3s`, `PT3S` or `{ seconds: 3 }`. Default 3 seconds.
         */
        timeout?: HumanDuration | string;
        /**
         * Credentials sent with every query: `token` (bearer) or `username` and `password`
         * (basic), not both.
         */
        auth?: {
          /**
           * Bearer token.
           * @visibility secret
           */
          token?: string;
          /** Basic auth user name. */
          username?: string;
          /**
           * Basic auth password.
           * @visibility secret
           */
          password?: string;
        };
        /**
         * The labels of the result series that identify the entity a series belongs to. Only
         * needed for the placeholders that differ within a batch. Defaults: name `service`,
         * namespace `namespace`, kind `kind`.
         */
        labels?: {
          name?: string;
          namespace?: string;
          kind?: string;
        };
        /**
         * PromQL templates, written as for one entity: `{{name}}`, `{{namespace}}`, `{{kind}}`
         * (lower case) stand for the entity's, `{{selector}}` for its
         * `scaling.io/prometheus-selector` annotation (default: `<labels.name>="{{name}}"`).
         * Each must return one series per entity carrying the labels above. `false` turns a
         * metric off. Defaults:
         * activeUsers `sum by (service) (scaling_active_users{ {{selector}} })`,
         * measuredUptime `100 * min by (service) (scaling_uptime_ratio{ {{selector}} })`,
         * requestsPerSecond `sum by (service) (rate(http_requests_total{ {{selector}} }[5m]))`.
         */
        queries?: {
          /** Active users (a count). */
          activeUsers?: string | false;
          /** Uptime in percent (0–100) over your SLA window. */
          measuredUptime?: string | false;
          /** Requests per second. */
          requestsPerSecond?: string | false;
        };
      };
    };
  };
}
