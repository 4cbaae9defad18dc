import { facts, observe } from './__testUtils__/observe';

const COLLECTOR = `receivers:
  otlp:
    protocols:
      grpc: { endpoint: 0.0.0.0:4317 }
      http: { endpoint: 0.0.0.0:4318 }
processors:
  batch: {}
exporters:
  otlp/tempo:
    endpoint: tempo.observability.svc:4317
  prometheusremotewrite:
    endpoint: http://mimir.observability.svc/api/v1/push
service:
  pipelines:
    traces/tempo:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp/tempo]
    metrics:
      receivers: [otlp]
      exporters: [prometheusremotewrite]
`;

describe('OpenTelemetry', () => {
  it("reads a collector config's pipelines as pillars", () => {
    expect(facts('otel/collector.yaml', COLLECTOR)).toEqual({
      observability: [['tracing', 'metrics']],
    });
  });

  it('reads the operator resources, with the config as a string', () => {
    const indented = COLLECTOR.replace(/^/gm, '    ');
    const collector = `apiVersion: opentelemetry.io/v1alpha1
kind: OpenTelemetryCollector
metadata: { name: petstore }
spec:
  mode: sidecar
  config: |
${indented}`;
    const instrumentation = `apiVersion: opentelemetry.io/v1alpha1
kind: Instrumentation
metadata: { name: petstore }
spec:
  exporter: { endpoint: http://otel-collector:4317 }
`;
    // A collector is telemetry beside the service, not a workload of its own.
    expect(facts('k8s/otel.yaml', collector)).toEqual({
      observability: [['tracing', 'metrics']],
    });
    expect(
      facts('k8s/instrumentation.yaml', instrumentation).observability,
    ).toEqual([['tracing']]);
  });
});

describe('log shippers', () => {
  it('reads Fluent Bit in its classic and its YAML format', () => {
    const classic = `[SERVICE]
    Flush        5
    Log_Level    info

[INPUT]
    Name         tail
    Path         /var/log/containers/*.log

[OUTPUT]
    Name         loki
    Match        *
    Host         loki.observability.svc
`;
    const yaml = `pipeline:
  inputs:
    - name: tail
      path: /var/log/containers/*.log
  outputs:
    - name: es
      match: "*"
`;
    expect(facts('deploy/fluent-bit/fluent-bit.conf', classic)).toEqual({
      observability: [['logging']],
    });
    expect(facts('deploy/fluent-bit.yaml', yaml)).toEqual({
      observability: [['logging']],
    });
    expect(
      observe('deploy/fluent-bit/parsers.conf', '[PARSER]\n    Name json\n'),
    ).toEqual([]);
  });

  it('reads Promtail, and Prometheus by its file name', () => {
    const promtail = `server:
  http_listen_port: 9080
positions:
  filename: /tmp/positions.yaml
clients:
  - url: http://loki:3100/loki/api/v1/push
scrape_configs:
  - job_name: containers
    static_configs:
      - targets: [localhost]
        labels: { job: petstore, __path__: /var/log/petstore/*.log }
`;
    const prometheus = `global:
  scrape_interval: 15s
scrape_configs:
  - job_name: petstore
    static_configs:
      - targets: ["app:5000"]
`;
    expect(facts('ops/promtail-config.yaml', promtail)).toEqual({
      observability: [['logging']],
    });
    expect(facts('ops/prometheus.yml', prometheus)).toEqual({
      observability: [['metrics']],
    });
    expect(observe('ops/scrape.yml', prometheus)).toEqual([]);
  });

  it('reads Vector in TOML and YAML', () => {
    const toml = `[sources.app_logs]
type = "file"
include = ["/var/log/petstore/*.log"]

[sinks.loki]
type = "loki"
inputs = ["app_logs"]
endpoint = "http://loki:3100"
`;
    const yaml = `sources:
  app_logs: { type: file, include: [/var/log/petstore/*.log] }
sinks:
  loki: { type: loki, inputs: [app_logs], endpoint: "http://loki:3100" }
`;
    expect(facts('ops/vector.toml', toml)).toEqual({
      observability: [['logging']],
    });
    expect(facts('ops/vector.yaml', yaml)).toEqual({
      observability: [['logging']],
    });
    expect(observe('ops/vector.toml', '[api]\nenabled = true\n')).toEqual([]);
  });
});
