import { parseAllDocuments } from 'yaml';
import { TemplateError, parseTemplate } from './parse';
import { Evaluator } from './evaluate';
import { ChartFiles, renderChart } from './render';

/** A chart in the shape `helm create` scaffolds and most real charts keep. */
function chart(extra: Record<string, string> = {}): ChartFiles {
  const files: Record<string, string> = {
    'deploy/chart/Chart.yaml': [
      'apiVersion: v2',
      'name: ledger',
      'version: 0.3.0',
      'appVersion: "2.1.0"',
    ].join('\n'),
    'deploy/chart/values.yaml': [
      'replicaCount: 2',
      'image:',
      '  repository: ghcr.io/acme/ledger',
      '  tag: ""',
      'service:',
      '  port: 8080',
      'resources:',
      '  requests: { cpu: 100m, memory: 128Mi }',
      'autoscaling:',
      '  enabled: false',
      '  minReplicas: 2',
      '  maxReplicas: 6',
      'ingress:',
      '  enabled: false',
      'podDisruptionBudget: {}',
      'nodeSelector: {}',
    ].join('\n'),
    'deploy/chart/templates/_helpers.tpl': [
      '{{- define "ledger.name" -}}',
      '{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '{{- define "ledger.fullname" -}}',
      '{{- if .Values.fullnameOverride }}',
      '{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}',
      '{{- else }}',
      '{{- $name := default .Chart.Name .Values.nameOverride }}',
      '{{- if contains $name .Release.Name }}',
      '{{- .Release.Name | trunc 63 | trimSuffix "-" }}',
      '{{- else }}',
      '{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}',
      '{{- end }}',
      '{{- end }}',
      '{{- end }}',
      '{{- define "ledger.selectorLabels" -}}',
      'app.kubernetes.io/name: {{ include "ledger.name" . }}',
      'app.kubernetes.io/instance: {{ .Release.Name }}',
      '{{- end }}',
    ].join('\n'),
    'deploy/chart/templates/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "ledger.fullname" . }}',
      'spec:',
      '  {{- if not .Values.autoscaling.enabled }}',
      '  replicas: {{ .Values.replicaCount }}',
      '  {{- end }}',
      '  selector:',
      '    matchLabels:',
      '      {{- include "ledger.selectorLabels" . | nindent 6 }}',
      '  template:',
      '    metadata:',
      '      labels:',
      '        {{- include "ledger.selectorLabels" . | nindent 8 }}',
      '    spec:',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          ports:',
      '            - name: http',
      '              containerPort: {{ .Values.service.port }}',
      '          readinessProbe:',
      '            httpGet: { path: /ready, port: http }',
      '          resources:',
      '            {{- toYaml .Values.resources | nindent 12 }}',
      '      {{- with .Values.nodeSelector }}',
      '      nodeSelector:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
    ].join('\n'),
    'deploy/chart/templates/hpa.yaml': [
      '{{- if .Values.autoscaling.enabled }}',
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      '  name: {{ include "ledger.fullname" . }}',
      'spec:',
      '  scaleTargetRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    name: {{ include "ledger.fullname" . }}',
      '  minReplicas: {{ .Values.autoscaling.minReplicas }}',
      '  maxReplicas: {{ .Values.autoscaling.maxReplicas }}',
      '{{- end }}',
    ].join('\n'),
    'deploy/chart/templates/pdb.yaml': [
      '{{- if .Values.podDisruptionBudget }}',
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata:',
      '  name: {{ include "ledger.fullname" . }}',
      'spec:',
      '  {{- toYaml .Values.podDisruptionBudget | nindent 2 }}',
      '  selector:',
      '    matchLabels:',
      '      {{- include "ledger.selectorLabels" . | nindent 6 }}',
      '{{- end }}',
    ].join('\n'),
    'deploy/chart/templates/servicemonitor.yaml': [
      '{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata: { name: ledger }',
      '{{- end }}',
    ].join('\n'),
    'deploy/chart/templates/NOTES.txt':
      'Thanks for installing {{ .Chart.Name }}',
    ...extra,
  };
  return { root: 'deploy/chart', files: new Map(Object.entries(files)) };
}

function documentsOf(text: string): any[] {
  return parseAllDocuments(text)
    .map(d => d.toJS())
    .filter(d => d !== null);
}

function byTemplate(render: ReturnType<typeof renderChart>) {
  return Object.fromEntries(
    render.rendered.map(r => [
      r.path.replace('deploy/chart/templates/', ''),
      documentsOf(r.text),
    ]),
  );
}

describe('renderChart', () => {
  it('renders a scaffolded chart with its values: literal fields kept, disabled features gone', () => {
    const render = renderChart(chart());
    expect(render.failed).toEqual([]);
    expect(render.values).toBe('values.yaml');
    const out = byTemplate(render);
    expect(Object.keys(out).sort()).toEqual([
      'deployment.yaml',
      'hpa.yaml',
      'pdb.yaml',
      'servicemonitor.yaml',
    ]);
    // Switched off by values, or by a CRD no cluster-less render knows: nothing.
    expect(out['hpa.yaml']).toEqual([]);
    expect(out['pdb.yaml']).toEqual([]);
    expect(out['servicemonitor.yaml']).toEqual([]);
    expect(out['deployment.yaml']).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ledger' },
        spec: {
          replicas: 2,
          selector: {
            matchLabels: {
              'app.kubernetes.io/name': 'ledger',
              'app.kubernetes.io/instance': 'ledger',
            },
          },
          template: {
            metadata: {
              labels: {
                'app.kubernetes.io/name': 'ledger',
                'app.kubernetes.io/instance': 'ledger',
              },
            },
            spec: {
              containers: [
                {
                  name: 'ledger',
                  image: 'ghcr.io/acme/ledger:2.1.0',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
    ]);
  });

  it("renders what a release's values switch on, with its release name", () => {
    const render = renderChart(chart(), {
      from: 'deploy/flux/release.yaml',
      releaseName: 'ledger-prod',
      values: {
        autoscaling: { enabled: true, maxReplicas: 12 },
        podDisruptionBudget: { minAvailable: 1 },
      },
    });
    expect(render.values).toBe('values.yaml and deploy/flux/release.yaml');
    const out = byTemplate(render);
    // printf "%s-%s": the release name does not contain the chart name? It does: kept as is.
    expect(out['deployment.yaml'][0].metadata.name).toBe('ledger-prod');
    expect(out['deployment.yaml'][0].spec.replicas).toBeUndefined();
    expect(out['hpa.yaml']).toEqual([
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'ledger-prod' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'ledger-prod',
          },
          minReplicas: 2,
          maxReplicas: 12,
        },
      },
    ]);
    expect(out['pdb.yaml'][0].spec).toEqual({
      minAvailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'ledger',
          'app.kubernetes.io/instance': 'ledger-prod',
        },
      },
    });
  });

  it('names the release after both when the release name lacks the chart name', () => {
    const out = byTemplate(
      renderChart(chart(), {
        from: 'app.yaml',
        releaseName: 'payments',
        values: {},
      }),
    );
    expect(out['deployment.yaml'][0].metadata.name).toBe('payments-ledger');
  });

  it('reports a template it cannot evaluate, by path and reason, and renders the others', () => {
    const render = renderChart(
      chart({
        'deploy/chart/templates/configmap.yaml': [
          'apiVersion: v1',
          'kind: ConfigMap',
          'data:',
          '  {{- (.Files.Glob "config/*").AsConfig | nindent 2 }}',
        ].join('\n'),
        'deploy/chart/templates/secret.yaml':
          '{{ include "common.secrets.render" . }}',
      }),
    );
    expect(render.failed).toEqual([
      {
        path: 'deploy/chart/templates/configmap.yaml',
        reason: '.Files.Glob is not evaluated',
      },
      {
        path: 'deploy/chart/templates/secret.yaml',
        reason: 'template "common.secrets.render" is not defined',
      },
    ]);
    expect(byTemplate(render)['deployment.yaml']).toHaveLength(1);
  });
});

describe('the template evaluator', () => {
  const run = (source: string, values: unknown = {}) => {
    const parsed = parseTemplate(source);
    const root = { Values: values };
    return new Evaluator(parsed.defines, root).render(parsed.nodes, root);
  };

  it.each([
    [
      '{{ if and .Values.a (not .Values.b) }}yes{{ else }}no{{ end }}',
      { a: 1 },
      'yes',
    ],
    ['{{ if or .Values.a .Values.b }}yes{{ else }}no{{ end }}', {}, 'no'],
    [
      '{{- if eq .Values.kind "x" }}x{{ else if eq .Values.kind "y" }}y{{ else }}z{{ end }}',
      { kind: 'y' },
      'y',
    ],
    [
      '{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}',
      { l: ['a', 'b'] },
      '0=a;1=b;',
    ],
    [
      '{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }} {{ end }}',
      { m: { b: 2, a: 1 } },
      'a:1 b:2 ',
    ],
    ['{{ range .Values.l }}{{ . }}{{ else }}none{{ end }}', { l: [] }, 'none'],
    ['{{ with .Values.m }}{{ .x }}{{ end }}', { m: { x: 'in' } }, 'in'],
    ['{{ .Values.missing.deeper }}', {}, ''],
    ['{{ .Values.n | default 3 }}', { n: 0 }, '3'],
    ['{{ quote .Values.s }} {{ .Values.s | squote }}', { s: 'a' }, '"a" \'a\''],
    [
      '{{ toYaml .Values.m | indent 2 }}',
      { m: { b: 1, a: [1, 2] } },
      '  a:\n  - 1\n  - 2\n  b: 1',
    ],
    ['{{ printf "%s:%d" "x" 7 }}', {}, 'x:7'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', {}, '2'],
    ['{{ semverCompare ">=1.19-0" "v1.30.0" }}', {}, 'true'],
    ['{{ dict "a" 1 "b" 2 | toJson }}', {}, '{"a":1,"b":2}'],
    ['{{ (list 1 2 3) | len }}', {}, '3'],
    ['{{ .Values.s | upper | trunc 3 }}', { s: 'abcdef' }, 'ABC'],
    ['{{/* a comment */}}kept', {}, 'kept'],
    // `helm create`'s service account helper: after a space, `.Values…` is an argument, not a
    // field of the parenthesized result; right after the parenthesis it is one.
    [
      '{{ default (printf "%s" "fallback") .Values.name }}',
      { name: 'given' },
      'given',
    ],
    ['{{ default (printf "%s" "fallback") .Values.name }}', {}, 'fallback'],
    ['{{ (.Values.m).x }}', { m: { x: 'field' } }, 'field'],
    ['a  {{- " b " -}}  c', {}, 'a b c'],
  ])('%s', (source, values, expected) => {
    expect(run(source, values)).toBe(expected);
  });

  it('refuses what it does not support, naming it', () => {
    expect(() => run('{{ fancyFunction 1 }}')).toThrow(
      new TemplateError('the function "fancyFunction" is not supported'),
    );
  });

  it('stops a render that loops or recurses past its bounds', () => {
    expect(() =>
      run('{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}'),
    ).toThrow(/include each other more than 60 deep/);
    expect(() =>
      run('{{ range until 10000 }}{{ range until 10000 }}x{{ end }}{{ end }}'),
    ).toThrow(/more than (400000 steps|1000000 characters)/);
  });
});
