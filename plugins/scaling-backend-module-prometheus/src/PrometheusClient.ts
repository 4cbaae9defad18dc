/*
 * The HTTP client for Prometheus' query API (`POST <baseUrl>/api/v1/query`): one instant query
 * at a time, aborted through the caller's signal (the scaling plugin's deadline for the batch,
 * `timeout`), every failure turned into an error with a short reason.
 */
import { LoggerService } from '@backstage/backend-plugin-api';

/** One series of an instant query's result: its labels and its value, as Prometheus wrote it. */
export interface Sample {
  labels: Record<string, string>;
  value: string;
}

/** What an instant query returned. */
export interface InstantQueryResult {
  resultType?: string;
  /**
   * The series of an instant vector (a scalar is one series without labels); `undefined` for
   * any other result type (a range vector, a string), which the caller cannot use.
   */
  samples?: Sample[];
}

/** A query the server rejected as malformed (HTTP 400 `bad_data`). */
export class BadQueryError extends Error {}

interface PrometheusResponse {
  status?: 'success' | 'error';
  data?: { resultType?: string; result?: unknown };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export interface PrometheusClientOptions {
  /** Checked and without a trailing slash (see `resolvePrometheusSettings`). */
  baseUrl: string;
  /** The `Authorization` header sent with every query, if any. */
  authorization?: string;
  /** Told Prometheus' warnings about a query (at debug level). */
  logger: LoggerService;
  /** The HTTP client; Node's global `fetch` by default. */
  fetch?: typeof fetch;
}

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

/** A failed `fetch`'s reason: `aborted`, or the cause of a network error (`ECONNREFUSED`…). */
function reasonOf(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'aborted';
  if (e?.cause?.message) return e.cause.message;
  return e?.message ?? String(error);
}

export class PrometheusClient {
  private readonly baseUrl: string;
  private readonly authorization?: string;
  private readonly logger: LoggerService;
  private readonly fetch: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl;
    this.authorization = options.authorization;
    this.logger = options.logger;
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /**
   * One instant query. Throws `<name> query failed: <reason>` on any failure, a
   * {@link BadQueryError} when the server rejected the query as malformed.
   *
   * @param name - what the query is for, in messages (the metric)
   */
  async query(
    promql: string,
    options: { name: string; signal: AbortSignal },
  ): Promise<InstantQueryResult> {
    const { name, signal } = options;
    const fail = (reason: string): never => {
      throw new Error(`${name} query failed: ${reason}`);
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
        body: new URLSearchParams({ query: promql }),
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
        throw new BadQueryError(`${name} query failed: ${reason}`);
      }
      return fail(reason);
    }
    if (body.warnings?.length) {
      this.logger.debug(`Prometheus warnings for the ${name} query`, {
        warnings: body.warnings.join('; '),
      });
    }

    const { resultType, result } = body.data ?? {};
    if (resultType === 'vector' && Array.isArray(result)) {
      const series = result as Array<{
        metric?: Record<string, string>;
        value?: [number, string];
      }>;
      return {
        resultType,
        samples: series.map(s => ({
          labels: s.metric ?? {},
          value: String(s.value?.[1]),
        })),
      };
    }
    if (resultType === 'scalar' && Array.isArray(result)) {
      return {
        resultType,
        samples: [{ labels: {}, value: String(result[1]) }],
      };
    }
    return { resultType };
  }

  /** For logs: where the client queries, without credentials. */
  toString(): string {
    return displayUrl(this.baseUrl);
  }
}
