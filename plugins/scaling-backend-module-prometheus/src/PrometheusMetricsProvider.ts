import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  MetricName,
  SCALING_ANNOTATIONS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityMetrics,
  ScalingProviderEntity,
  ScalingMetricsProvider,
  ScalingProviderRequestOptions,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { BadQueryError, PrometheusClient, Sample } from './PrometheusClient';
import { readPrometheusConfig, resolvePrometheusSettings } from './config';
import {
  IdentityLabels,
  PlannedQuery,
  entitiesOfSeries,
  planQueries,
} from './queries';

/** Queries in flight at once, when a batch needs more than one per metric (selectors). */
const MAX_CONCURRENT_QUERIES = 8;

/** @public */
export interface PrometheusMetricsProviderOptions {
  /** The Prometheus server, e.g. `http://prometheus:9090` (a path prefix is kept). */
  baseUrl: string;
  /** How long one batch may take; the scaling plugin gives up on the provider after that. */
  timeoutMs?: number;
  /** PromQL templates; `false` (or an empty string) turns a metric off. */
  queries?: Partial<Record<MetricName, string | false>>;
  /** The labels of the result series that carry the entity's name, namespace and kind. */
  labels?: Partial<IdentityLabels>;
  /** The `Authorization` header sent with every query, if any. */
  authorization?: string;
  logger: LoggerService;
  /** The HTTP client; Node's global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * Accepted ranges (values outside are ignored with a warning) and decimals kept: users are a
 * count, and PromQL arithmetic leaves float noise (`100 * 0.9985` = 99.85000000000001).
 */
const VALID: Record<
  MetricName,
  { min: number; max: number; decimals: number }
> = {
  activeUsers: { min: 0, max: Number.MAX_SAFE_INTEGER, decimals: 0 },
  measuredUptime: { min: 0, max: 100, decimals: 6 },
  requestsPerSecond: { min: 0, max: Number.MAX_VALUE, decimals: 3 },
};

/**
 * Active users, measured uptime and request rates from the Prometheus HTTP API
 * (`/api/v1/query`): for a batch of entities, one instant query per metric (more only for
 * entities with their own `scaling.io/prometheus-selector`, one per distinct selector).
 *
 * @public
 */
export class PrometheusMetricsProvider implements ScalingMetricsProvider {
  readonly id = 'prometheus';
  readonly timeoutMs: number;
  readonly baseUrl: string;
  private readonly queries: Array<[MetricName, string]>;
  private readonly labels: IdentityLabels;
  private readonly client: PrometheusClient;
  private readonly logger: LoggerService;
  private readonly reportedSelectors = new Set<string>();

  /**
   * Reads `scaling.metrics.prometheus` from the root config; `undefined` when it is not there.
   * Throws on invalid configuration, naming the key.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; fetch?: typeof fetch },
  ): PrometheusMetricsProvider | undefined {
    const read = readPrometheusConfig(config);
    if (!read) return undefined;
    return new PrometheusMetricsProvider({
      ...read,
      logger: options.logger,
      fetch: options.fetch,
    });
  }

  /** Throws on options it cannot use, naming their configuration key. */
  constructor(options: PrometheusMetricsProviderOptions) {
    const settings = resolvePrometheusSettings(options);
    this.baseUrl = settings.baseUrl;
    this.timeoutMs = settings.timeoutMs;
    this.labels = settings.labels;
    this.queries = settings.queries;
    this.logger = options.logger;
    this.client = new PrometheusClient({
      baseUrl: settings.baseUrl,
      authorization: settings.authorization,
      logger: options.logger,
      fetch: options.fetch,
    });
  }

  /** The queries that `getMetrics` would send for these entities. */
  private plan(entities: ScalingProviderEntity[]): PlannedQuery[] {
    return this.queries.flatMap(([metric, template]) =>
      planQueries(metric, template, entities, {
        labels: this.labels,
        onInvalidSelector: (entity, selector) => {
          const key = `${entity.entityRef}\u0000${selector}`;
          if (
            this.reportedSelectors.has(key) ||
            this.reportedSelectors.size > 10_000
          )
            return;
          this.reportedSelectors.add(key);
          this.logger.warn(
            `${entity.entityRef}: ${SCALING_ANNOTATIONS.prometheusSelector} is not a list of label matchers ` +
              `(e.g. job="api", env=~"prod|staging"); no Prometheus metrics for it`,
            { entityRef: entity.entityRef, selector },
          );
        },
      }),
    );
  }

  async getMetrics(
    entities: ScalingProviderEntity[],
    options: ScalingProviderRequestOptions,
  ): Promise<Map<string, EntityMetrics>> {
    const result = new Map<string, EntityMetrics>();
    if (entities.length === 0) return result;
    const planned = this.plan(entities);

    // The first failure stops the rest: the batch is unavailable as a whole.
    const controller = new AbortController();
    const abort = () => controller.abort(options.signal.reason);
    if (options.signal.aborted) abort();
    else options.signal.addEventListener('abort', abort, { once: true });

    let next = 0;
    const worker = async () => {
      while (next < planned.length && !controller.signal.aborted) {
        const query = planned[next++];
        try {
          this.collect(
            query,
            await this.samplesOf(query, controller.signal),
            result,
          );
        } catch (error) {
          if (error instanceof BadQueryError && query.selector !== undefined) {
            // One entity's selector must not cost the whole batch its metrics.
            this.logger.warn(
              `Prometheus rejected the ${query.metric} query for selector ${query.selector}; ` +
                `ignored for ${query.entities.map(e => e.entityRef).join(', ')}`,
              { cause: error.message },
            );
            continue;
          }
          controller.abort(error);
          throw error;
        }
      }
    };
    try {
      await Promise.all(
        Array.from(
          { length: Math.min(MAX_CONCURRENT_QUERIES, planned.length) },
          worker,
        ),
      );
    } finally {
      options.signal.removeEventListener('abort', abort);
    }
    return result;
  }

  /** One query's samples; throws with a short reason on any failure. */
  private async samplesOf(
    query: PlannedQuery,
    signal: AbortSignal,
  ): Promise<Sample[]> {
    const { resultType, samples } = await this.client.query(query.promql, {
      name: query.metric,
      signal,
    });
    if (samples) return samples;
    this.logger.warn(
      `The ${query.metric} query returns a ${resultType}, not an instant vector; ignored. ` +
        `Aggregate it, e.g. with last_over_time(...) or sum by (${this.labels.name}) (...)`,
      { query: query.promql },
    );
    return [];
  }

  /** Files a query's samples under the entities they belong to. */
  private collect(
    query: PlannedQuery,
    samples: Sample[],
    result: Map<string, EntityMetrics>,
  ) {
    const { metric } = query;
    const range = VALID[metric];
    const invalid: string[] = [];
    const duplicates = new Set<string>();
    let missingLabel: string | undefined;
    for (const sample of samples) {
      const { entities, missing } = entitiesOfSeries(query, sample.labels);
      if (missing) missingLabel = missing;
      if (entities.length === 0) continue;
      const parsed = sample.value.trim() === '' ? NaN : Number(sample.value);
      if (
        !Number.isFinite(parsed) ||
        parsed < range.min ||
        parsed > range.max
      ) {
        invalid.push(
          `${entities.map(e => e.entityRef).join(', ')}: ${sample.value}`,
        );
        continue;
      }
      const value = Number(parsed.toFixed(range.decimals));
      for (const entity of entities) {
        const metrics = result.get(entity.entityRef) ?? {};
        if (metrics[metric] !== undefined) {
          duplicates.add(entity.entityRef);
          continue;
        }
        metrics[metric] = value;
        result.set(entity.entityRef, metrics);
      }
    }
    if (invalid.length) {
      this.logger.warn(
        `Prometheus returned ${invalid.length} unusable ${metric} sample(s) (not a number, or out of range); ignored, the annotations decide: ${invalid
          .slice(0, 10)
          .join('; ')}${invalid.length > 10 ? '; …' : ''}`,
        { metric },
      );
    }
    if (missingLabel) {
      this.logger.warn(
        `Some ${metric} series lack the label '${missingLabel}' that tells the entities of a batch ` +
          `apart; they are ignored. Keep it in the result, e.g. sum by (${query.discriminators
            .map(d => d.label)
            .join(', ')}) (...)`,
        { query: query.promql },
      );
    }
    if (duplicates.size) {
      this.logger.warn(
        `The ${metric} query returns several series for ${[...duplicates].slice(0, 10).join(', ')}; ` +
          `the first one is used. Aggregate to one series per entity.`,
        { query: query.promql },
      );
    }
  }

  /** For logs: where the provider queries, without credentials. */
  toString(): string {
    return `Prometheus at ${this.client}`;
  }
}
