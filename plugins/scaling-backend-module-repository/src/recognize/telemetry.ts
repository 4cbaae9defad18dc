/*
 * Telemetry pipelines the service ships: OpenTelemetry Collector configs (their pipelines name
 * the pillars), the OpenTelemetry Operator's resources, and the log shippers Fluent Bit,
 * Promtail and Vector. Prometheus's own scrape config shows metrics.
 */
import { ObservabilityPillar } from '@scaling-advisor/backstage-plugin-scaling-common';
import { at, isRecord } from './data';
import { Observations } from './observations';
import { parseYaml } from './parse';

const PILLAR_OF_PIPELINE: ReadonlyMap<string, ObservabilityPillar> = new Map([
  ['metrics', 'metrics'],
  ['logs', 'logging'],
  ['traces', 'tracing'],
]);

export function recognizeTelemetry(
  name: string,
  document: unknown,
  out: Observations,
): void {
  if (!isRecord(document)) return;
  const apiVersion = document.apiVersion;
  if (
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('opentelemetry.io/')
  ) {
    recognizeOperator(document.kind, at(document, 'spec', 'config'), out);
  } else if (
    isRecord(document.receivers) &&
    isRecord(at(document, 'service', 'pipelines'))
  ) {
    recognizeCollector(document, 'an OpenTelemetry Collector config', out);
  } else if (
    Array.isArray(at(document, 'pipeline', 'inputs')) &&
    Array.isArray(at(document, 'pipeline', 'outputs'))
  ) {
    out.add('observability', ['logging'], 'a Fluent Bit config');
  } else if (Array.isArray(document.scrape_configs)) {
    if (Array.isArray(document.clients) || isRecord(document.positions)) {
      out.add('observability', ['logging'], 'a Promtail config');
    } else if (/^prometheus[\w.-]*\.ya?ml$/i.test(name)) {
      out.add('observability', ['metrics'], 'a Prometheus scrape config');
    }
  } else if (
    /^vector\.ya?ml$/i.test(name) &&
    isRecord(document.sources) &&
    isRecord(document.sinks)
  ) {
    out.add('observability', ['logging'], 'a Vector config');
  }
}

function recognizeCollector(
  config: unknown,
  reason: string,
  out: Observations,
): void {
  const pipelines = at(config, 'service', 'pipelines');
  if (!isRecord(pipelines)) return;
  const pillars = new Set<ObservabilityPillar>();
  for (const pipeline of Object.keys(pipelines)) {
    // `traces`, or a named one: `traces/jaeger`.
    const pillar = PILLAR_OF_PIPELINE.get(pipeline.split('/')[0]);
    if (pillar) pillars.add(pillar);
  }
  if (pillars.size > 0) out.add('observability', [...pillars], reason);
}

function recognizeOperator(
  kind: unknown,
  config: unknown,
  out: Observations,
): void {
  if (kind === 'Instrumentation') {
    out.add('observability', ['tracing'], 'OpenTelemetry auto-instrumentation');
  } else if (kind === 'OpenTelemetryCollector') {
    // v1alpha1 holds the collector config as a YAML string, v1beta1 as a mapping.
    const [parsed] =
      typeof config === 'string' ? parseYaml('', config).documents : [config];
    recognizeCollector(parsed, 'an OpenTelemetryCollector resource', out);
  }
}

const FLUENT_BIT_SECTION = /^[ \t]*\[(INPUT|OUTPUT)\][ \t]*$/im;
const VECTOR_SINK = /^[ \t]*\[sinks\.[\w-]+\][ \t]*$/m;

/** Fluent Bit's classic `.conf` format: `[INPUT]` and `[OUTPUT]` sections. */
export function recognizeFluentBitConf(
  source: string,
  out: Observations,
): void {
  if (FLUENT_BIT_SECTION.test(source)) {
    out.add('observability', ['logging'], 'a Fluent Bit config');
  }
}

/** `vector.toml`: its `[sinks.<name>]` tables. */
export function recognizeVectorToml(source: string, out: Observations): void {
  if (VECTOR_SINK.test(source)) {
    out.add('observability', ['logging'], 'a Vector config');
  }
}
