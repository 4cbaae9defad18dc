/*
 * The module's configuration, `scaling.metrics.prometheus` (see config.d.ts and the README):
 * reading it, its defaults, and the checks that turn a mistake into an error naming the key
 * (and the value, unless it is a secret).
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  METRIC_NAMES,
  MetricName,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import type { PrometheusMetricsProviderOptions } from './PrometheusMetricsProvider';
import { ENTITY_FIELDS } from './promqlTemplate';
import { DEFAULT_LABELS, IdentityLabels, defaultQueries } from './queries';

/** Where the module reads its configuration. */
export const CONFIG_KEY = 'scaling.metrics.prometheus';

/** How long a batch may take when `timeout` is not configured. */
export const DEFAULT_TIMEOUT_MS = 3000;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What the configuration gives the provider: its options but the logger and the HTTP client. */
export type PrometheusConfig = Omit<
  PrometheusMetricsProviderOptions,
  'logger' | 'fetch'
>;

/** The provider's settings, checked and with the defaults filled in. */
export interface PrometheusSettings {
  /** Without a trailing slash; `/api/v1/query` is appended. */
  baseUrl: string;
  timeoutMs: number;
  labels: IdentityLabels;
  /** The metrics that are on, in the order of `METRIC_NAMES`, with their trimmed templates. */
  queries: Array<[MetricName, string]>;
  authorization?: string;
}

/**
 * Reads `scaling.metrics.prometheus` from the root config; `undefined` when it is not there.
 * Throws on values of the wrong type, and on contradictory or incomplete `auth`, naming the key.
 */
export function readPrometheusConfig(
  config: Config,
): PrometheusConfig | undefined {
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
  for (const field of ENTITY_FIELDS) {
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

  return { baseUrl, timeoutMs, labels, queries, authorization };
}

/**
 * Checks the options (from config or given in code) and fills in the defaults. Throws on what
 * the provider cannot use, naming the key and the value.
 */
export function resolvePrometheusSettings(
  options: PrometheusConfig,
): PrometheusSettings {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new Error(`${CONFIG_KEY}.baseUrl is not a URL: '${options.baseUrl}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${CONFIG_KEY}.baseUrl must be http or https: '${options.baseUrl}'`,
    );
  }
  if (url.username || url.password) {
    // not the value: it carries credentials
    throw new Error(
      `${CONFIG_KEY}.baseUrl must not carry credentials; use ${CONFIG_KEY}.auth.username and .password`,
    );
  }
  const baseUrl = url.toString().replace(/\/+$/, '');

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`${CONFIG_KEY}.timeout must be a positive duration`);
  }

  const labels: IdentityLabels = { ...DEFAULT_LABELS, ...options.labels };
  for (const [field, label] of Object.entries(labels)) {
    if (!LABEL_NAME.test(label)) {
      throw new Error(
        `${CONFIG_KEY}.labels.${field} is not a Prometheus label name: '${label}'`,
      );
    }
  }

  const defaults = defaultQueries(labels);
  const queries: Array<[MetricName, string]> = [];
  for (const metric of METRIC_NAMES) {
    const query = options.queries?.[metric] ?? defaults[metric];
    if (query !== false && query.trim() !== '')
      queries.push([metric, query.trim()]);
  }

  return {
    baseUrl,
    timeoutMs,
    labels,
    queries,
    authorization: options.authorization,
  };
}
