import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  EntityMetrics,
  ScalingProviderEntity,
  ScalingMetricsProvider,
  ScalingProviderRequestOptions,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import {
  DEFAULT_LABELS,
  IdentityLabels,
  METRIC_NAMES,
  MetricName,
  PlannedQuery,
  defaultQueries,
  entitiesOfSeries,
  planQueries,
} from './queries';

/** Where the module reads its configuration. */
export const CONFIG_KEY = 'scaling.metrics.prometheus';

/** How long a batch may take when `timeout` is not configured. */
export const DEFAULT_TIMEOUT_MS = 3000;

/** Queries in flight at once, when a batch needs more than one per metric (selectors). */
const MAX_CONCURRENT_QUERIES = 8;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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

interface PrometheusResponse {
  status?: 'success' | 'error';
  data?: { resultType?: string; result?: unknown };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

interface Sample {
  labels: Record<string, string>;
  value: string;
}

/** A query the server rejected as malformed (HTTP 400 `bad_data`). */
class BadQueryError extends Error {}

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

/** The URL without credentials, for messages. */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function reasonOf(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'aborted';
  if (e?.cause?.message) return e.cause.message;
  return e?.message ?? String(error);
}

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
  private readonly authorization?: string;
  private readonly logger: LoggerService;
  private readonly fetch: typeof fetch;
  private readonly reportedSelectors = new Set<string>();

  /**
   * Reads `scaling.metrics.prometheus` from the root config; `undefined` when it is not there.
   * Throws on invalid configuration, naming the key.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; fetch?: typeof fetch },
  ): PrometheusMetricsProvider | undefined {
    const c = config.getOptionalConfig(CONFIG_KEY);
    if (!c) return undefined;

    const baseUrl = c.getString('baseUrl');
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    if (c.has('timeout')) {
      timeoutMs = durationToMilliseconds(
        readDurationFromConfig(c, { key: 'timeout' }),
      );
    }

    const labels: Partial<IdentityLabels> = {};
    for (const field of ['name', 'namespace', 'kind'] as const) {
      const label = c.getOptionalString(`labels.${field}`);
      if (label !== undefined) labels[field] = label;
    }

    const queries: Partial<Record<MetricName, string | false>> = {};
    for (const metric of METRIC_NAMES) {
      const key = `queries.${metric}`;
      const query = c.getOptional(key);
      if (query === false) queries[metric] = false;
      else if (query !== undefined) queries[metric] = c.getString(key);
    }

    let authorization: string | undefined;
    const token = c.getOptionalString('auth.token');
    const username = c.getOptionalString('auth.username');
    const password = c.getOptionalString('auth.password');
    if (token && (username || password)) {
      throw new Error(
        `${CONFIG_KEY}.auth: set either token (bearer) or username and password (basic), not both`,
      );
    }
    if (token) {
      authorization = `Bearer ${token}`;
    } else if (username || password) {
      if (!username)
        throw new Error(
          `${CONFIG_KEY}.auth.username is required with a password`,
        );
      authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }

    return new PrometheusMetricsProvider({
      baseUrl,
      timeoutMs,
      labels,
      queries,
      authorization,
      logger: options.logger,
      fetch: options.fetch,
    });
  }

  constructor(options: PrometheusMetricsProviderOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new Error(
        `${CONFIG_KEY}.baseUrl is not a URL: '${options.baseUrl}'`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(
        `${CONFIG_KEY}.baseUrl must be http or https: '${options.baseUrl}'`,
      );
    }
    if (url.username || url.password) {
      throw new Error(
        `${CONFIG_KEY}.baseUrl must not carry credentials; use ${CONFIG_KEY}.auth.username and .password`,
      );
    }
    this.baseUrl = url.toString().replace(/\/+$/, '');

    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Error(`${CONFIG_KEY}.timeout must be a positive duration`);
    }
    this.timeoutMs = timeoutMs;

    this.labels = { ...DEFAULT_LABELS, ...options.labels };
    for (const [field, label] of Object.entries(this.labels)) {
      if (!LABEL_NAME.test(label)) {
        throw new Error(
          `${CONFIG_KEY}.labels.${field} is not a Prometheus label name: '${label}'`,
        );
      }
    }

    const defaults = defaultQueries(this.labels);
    this.queries = [];
    for (const metric of METRIC_NAMES) {
      const query = options.queries?.[metric] ?? defaults[metric];
      if (query !== false && query.trim() !== '')
        this.queries.push([metric, query.trim()]);
    }

    this.authorization = options.authorization;
    this.logger = options.logger;
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** The queries that `getMetrics` would send for these entities. */
  plan(entities: ScalingProviderEntity[]): PlannedQuery[] {
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
            `${entity.entityRef}: scaling.io/prometheus-selector is not a list of label matchers ` +
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
            await this.query(query, controller.signal),
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

  /** One instant query; throws with a short reason on any failure. */
  private async query(
    query: PlannedQuery,
    signal: AbortSignal,
  ): Promise<Sample[]> {
    const fail = (reason: string): never => {
      throw new Error(`${query.metric} query failed: ${reason}`);
    };
    let response: Response;
    try {
      response = await this.fetch(`${this.baseUrl}/api/v1/query`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...(this.authorization ? { Authorization: this.authorization } : {}),
        },
        body: new URLSearchParams({ query: query.promql }),
        signal,
      });
    } catch (error) {
      return fail(reasonOf(error));
    }

    let body: PrometheusResponse | undefined;
    try {
      body = (await response.json()) as PrometheusResponse;
    } catch (error) {
      if (signal.aborted) return fail('aborted');
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      const detail = body?.error
        ? `${body.errorType ? `${body.errorType}: ` : ''}${body.error}`
        : response.statusText;
      const reason = `HTTP ${response.status}${detail ? ` ${detail}` : ''}`;
      if (response.status === 400 && body?.errorType === 'bad_data') {
        throw new BadQueryError(`${query.metric} query failed: ${reason}`);
      }
      return fail(reason);
    }
    if (body.warnings?.length) {
      this.logger.debug(`Prometheus warnings for the ${query.metric} query`, {
        warnings: body.warnings.join('; '),
      });
    }

    const { resultType, result } = body.data ?? {};
    if (resultType === 'vector' && Array.isArray(result)) {
      return (
        result as Array<{
          metric?: Record<string, string>;
          value?: [number, string];
        }>
      ).map(s => ({ labels: s.metric ?? {}, value: String(s.value?.[1]) }));
    }
    if (resultType === 'scalar' && Array.isArray(result)) {
      return [{ labels: {}, value: String(result[1]) }];
    }
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
    return `Prometheus at ${displayUrl(this.baseUrl)}`;
  }
}
