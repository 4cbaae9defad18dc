import { facts, observe } from './__testUtils__/observe';
import { recognizeFile } from './recognize';
import { RepositoryFile } from './types';

/** The classic "billion laughs": 10^9 strings if every alias were expanded. */
const BILLION_LAUGHS = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

/** What a file that shows nothing gives. */
const NOTHING = {
  observations: [],
  units: [],
  links: [],
  helmValues: [],
  skipped: [],
};

describe('recognizeFile against hostile files', () => {
  it('refuses a billion-laughs document quickly, saying so', () => {
    const { result, ms } = timed(() =>
      recognizeFile({
        path: 'charts/petstore/values.yaml',
        text: BILLION_LAUGHS,
      }),
    );
    expect(ms).toBeLessThan(500);
    expect(result).toEqual({
      ...NOTHING,
      skipped: [
        'charts/petstore/values.yaml: YAML alias expansion past 10,000 nodes; the file is not read',
      ],
    });
  });

  it('refuses a whole stream when one of its documents is an alias bomb', () => {
    const stream = `apiVersion: v1\nkind: Service\nmetadata: { name: petstore }\n---\n${BILLION_LAUGHS}`;
    const { observations, skipped } = recognizeFile({
      path: 'k8s/all.yaml',
      text: stream,
    });
    expect(observations).toEqual([]);
    expect(skipped).toHaveLength(1);
  });

  it('reads a self-referencing alias without looping', () => {
    const { result, ms } = timed(() =>
      recognizeFile({
        path: 'loop.yaml',
        text: 'x: &a [ *a, { image: contoso.azurecr.io/x } ]\n',
      }),
    );
    expect(ms).toBeLessThan(500);
    expect(result.skipped).toEqual([]);
  });

  it.each([
    [
      'deploy/k8s.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nspec: [unclosed\n  - : :\n',
    ],
    [
      'docker-compose.yml',
      'services:\n  app:\n    build: .\n   bad-indent: [\n',
    ],
    [
      'deploy/ecs/task-definition.json',
      '{"requiresCompatibilities": ["FARGATE"],',
    ],
    [
      'infra/aci.json',
      '{"resources": [{"type": "Microsoft.ContainerInstance/containerGroups"',
    ],
    [
      'slo.yaml',
      'apiVersion: openslo/v1\nkind: SLO\nspec: {objectives: [{target: 0.999}\n',
    ],
    ['Chart.yaml', 'apiVersion: v2\nname: [petstore\n'],
  ])('reads nothing from malformed %s, without throwing', (path, text) => {
    expect(recognizeFile({ path, text })).toEqual(NOTHING);
  });

  it('reads the documents of a stream that parse, around one that does not', () => {
    const stream =
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\nkind: [broken\n';
    expect(facts('k8s/all.yaml', stream)).toEqual({ platform: ['kubernetes'] });
  });

  it('survives absurd nesting and non-text input', () => {
    const deep = '['.repeat(50000) + ']'.repeat(50000);
    expect(
      recognizeFile({ path: 'deep.json', text: deep }).observations,
    ).toEqual([]);
    expect(
      recognizeFile({ path: 'deep.yaml', text: deep }).observations,
    ).toEqual([]);
    const notText = {
      path: 'a.yaml',
      text: undefined,
    } as unknown as RepositoryFile;
    expect(recognizeFile(notText)).toEqual(NOTHING);
    const notPath = {
      path: 42,
      text: 'kind: Pod',
    } as unknown as RepositoryFile;
    expect(recognizeFile(notPath)).toEqual(NOTHING);
  });

  it('is not misled by keys named like Object.prototype members', () => {
    const terraform =
      'resource "constructor" "a" {}\nresource "__proto__" "b" {}\nresource "aws_eks_cluster" "c" {}\n';
    const collector = JSON.stringify({
      receivers: { otlp: {} },
      service: { pipelines: { constructor: {}, toString: {}, traces: {} } },
      __proto__: { kind: 'Deployment' },
    });
    expect(facts('infra/main.tf', terraform)).toEqual({
      practices: [['iac']],
      platform: ['eks'],
    });
    expect(facts('otel/collector.json', collector)).toEqual({
      observability: [['tracing']],
    });
    const labels =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: { toString: x, sidecar.istio.io/inject: { a: 1 } }\n';
    // A Namespace alone says nothing of the service, and the odd labels inject no mesh.
    expect(facts('k8s/ns.yaml', labels)).toEqual({});
  });

  it('reads no file the candidate filter skips', () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\n';
    expect(observe('node_modules/chart/deploy.yaml', deployment)).toEqual([]);
    expect(observe('README.md', deployment)).toEqual([]);
  });

  it.each([
    ['infra/main.tf', `resource "aws_ecs_service" "x" {${'a.'.repeat(300000)}`],
    ['infra/main.tf', `"${'{'.repeat(300000)}`],
    ['infra/main.bicep', `resource x 'a${'/a'.repeat(300000)}`],
    [
      'infra/main.bicep',
      `resource x 'Microsoft.ContainerInstance/containerGroups@1' ${'httpGet: {'.repeat(50000)}`,
    ],
    ['Dockerfile', `FROM x\nHEALTHCHECK ${'--a '.repeat(100000)}`],
    [
      'docker-compose.yml',
      `services:\n  a:\n    healthcheck:\n      test: "${'http://x'.repeat(50000)}"\n`,
    ],
    [
      'registry.json',
      JSON.stringify({ images: Array(20000).fill('a.b.c.amazonaws.com.d') }),
    ],
    ['fluent-bit/x.conf', `${' '.repeat(300000)}x`],
  ])('reads a pathological %s in linear time', (path, text) => {
    const { ms } = timed(() => recognizeFile({ path, text }));
    expect(ms).toBeLessThan(1000);
  });

  it('emits only values their annotation parses to unchanged', () => {
    const deployment = (path: string, port: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  template:
    spec:
      containers:
        - name: x
          image: x
          ports: [{ containerPort: ${port} }]
          readinessProbe: { httpGet: { path: "${path}", port: 80 } }
`;
    // The probe exists; its path is not one an annotation could hold, so only its existence counts.
    expect(facts('k8s/x.yaml', deployment('/health check', 70000))).toEqual({
      platform: ['kubernetes'],
      healthCheck: [true],
      deploymentStrategy: ['rolling'],
    });
    expect(
      facts('k8s/x.yaml', deployment(`/${'a'.repeat(300)}`, 0)).healthEndpoint,
    ).toBeUndefined();
    expect(facts('k8s/x.yaml', deployment('health', 8080))).toMatchObject({
      port: [8080],
    });
    expect(
      facts('k8s/x.yaml', deployment('health', 8080)).healthEndpoint,
    ).toBeUndefined();
  });
});

describe('recognizeFile on random input', () => {
  // A fixed-seed generator: the same inputs on every run, so a failure can be reproduced.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }
  const TOKENS = [
    '{',
    '}',
    '[',
    ']',
    ':',
    ': ',
    '- ',
    '\n',
    '  ',
    '"',
    "'",
    '&a ',
    '*a',
    '<<: *a\n',
    '---\n',
    '{{ .Values.x }}',
    'apiVersion: apps/v1\n',
    'kind: Deployment\n',
    'kind: Rollout\n',
    'apiVersion: argoproj.io/v1alpha1\n',
    'spec:\n',
    'template:\n',
    'containers:\n',
    'httpGet: {path: /health}',
    'containerPort: 8080',
    'services:\n',
    'build: .\n',
    'healthcheck:\n',
    'test: curl http://localhost/x',
    'resource "aws_ecs_service" "a" {',
    'launch_type = "FARGATE"',
    '#',
    '/*',
    '*/',
    '"requiresCompatibilities": ["FARGATE"]',
    '"containerDefinitions": [',
    'FROM x\n',
    'EXPOSE 80\n',
    '[INPUT]\n',
    'objectives:\n',
    'target: 0.999',
    'apiVersion: openslo/v1\n',
    'kind: SLO\n',
    '123.dkr.ecr.x.amazonaws.com/a',
    '\u0000',
    '\uFEFF',
    '\\',
    'null',
    '0x1F',
    '1e400',
    '__proto__',
    'constructor',
  ];
  const PATHS = [
    'deploy/k8s.yaml',
    'docker-compose.yml',
    'docker-stack.yml',
    'charts/x/Chart.yaml',
    'charts/x/templates/deployment.yaml',
    'kustomization.yaml',
    'copilot/api/manifest.yml',
    'task-definition.json',
    'azuredeploy.json',
    'main.tf',
    'main.tf.json',
    'main.bicep',
    'Dockerfile',
    'fluent-bit.conf',
    'vector.toml',
    'vector.yaml',
    'promtail.yaml',
    'prometheus.yml',
    'Pulumi.yaml',
    'cdk.json',
    'slo.yaml',
  ];

  it('never throws, and emits only valid values', () => {
    const next = random(20240601);
    let observed = 0;
    for (const path of PATHS) {
      for (let run = 0; run < 150; run += 1) {
        const length = Math.floor(next() * 60);
        const text = Array.from(
          { length },
          () => TOKENS[Math.floor(next() * TOKENS.length)],
        ).join('');
        // observe() checks each value against normalizeScalingValue.
        observed += observe(path, text).length;
      }
    }
    // The generator does hit the recognizers, so the checks above ran on real observations.
    expect(observed).toBeGreaterThan(50);
  });
});
