import { recognizeFile } from './recognize';
import { summarize } from './summarize';
import { Observation, RepositoryFile } from './types';

const at = (
  path: string,
  ...observations: Omit<Observation, 'path'>[]
): Observation[] => observations.map(o => ({ ...o, path }) as Observation);

describe('summarize', () => {
  it('prefers a production platform over Compose, whatever the order', () => {
    const observations = [
      ...at('docker-compose.yml', {
        key: 'platform',
        value: 'docker-compose',
        reason: 'a Docker Compose file',
      }),
      ...at('deploy/k8s/deployment.yaml', {
        key: 'platform',
        value: 'kubernetes',
        reason: 'a Kubernetes Deployment',
      }),
    ];
    const expected = {
      platform: {
        value: 'kubernetes',
        evidence: 'deploy/k8s/deployment.yaml: a Kubernetes Deployment',
        file: 'deploy/k8s/deployment.yaml',
      },
    };
    expect(summarize(observations)).toEqual(expected);
    expect(summarize([...observations].reverse())).toEqual(expected);
  });

  it.each([
    [['kubernetes', 'eks'], 'eks'],
    [['cloud-run', 'ecs-fargate'], 'ecs-fargate'],
    [['azure-container-instances', 'cloud-run'], 'cloud-run'],
    [
      ['docker-swarm', 'azure-container-instances'],
      'azure-container-instances',
    ],
    [['docker-compose', 'docker-swarm'], 'docker-swarm'],
    [['docker-compose'], 'docker-compose'],
  ])('ranks the platforms %j as %s', (platforms, expected) => {
    const observations = platforms.flatMap((value, i) =>
      at(`deploy/${i}.yaml`, { key: 'platform', value, reason: value } as Omit<
        Observation,
        'path'
      >),
    );
    expect(summarize(observations).platform?.value).toBe(expected);
  });

  it('takes the strictest SLO', () => {
    const files: RepositoryFile[] = [0.999, 0.9995].map((target, i) => ({
      path: `slo/objective-${i}.yaml`,
      text: `apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: o${i} }\nspec:\n  objectives:\n    - target: ${target}\n`,
    }));
    const observations = files.flatMap(
      file => recognizeFile(file).observations,
    );
    expect(summarize(observations).uptimeSla).toEqual({
      value: 99.95,
      evidence: 'slo/objective-1.yaml: an OpenSLO SLO',
      file: 'slo/objective-1.yaml',
      line: 1,
    });
  });

  it('takes the health check and port of the production deployment over Compose and the Dockerfile', () => {
    const observations = [
      ...at(
        'Dockerfile',
        { key: 'containerized', value: true, reason: 'a Dockerfile' },
        { key: 'port', value: 3000, reason: 'a Dockerfile EXPOSE' },
      ),
      ...at(
        'compose.yaml',
        {
          key: 'platform',
          value: 'docker-compose',
          reason: 'a Docker Compose file',
        },
        {
          key: 'healthEndpoint',
          value: '/ping',
          reason: 'a Compose health check',
        },
        { key: 'port', value: 8080, reason: 'a Compose service port' },
      ),
      ...at(
        'deploy/k8s.yaml',
        {
          key: 'platform',
          value: 'kubernetes',
          reason: 'a Kubernetes Deployment',
        },
        {
          key: 'healthEndpoint',
          value: '/health',
          reason: 'a Deployment readiness probe',
        },
        { key: 'port', value: 5000, reason: 'a Deployment containerPort' },
      ),
    ];
    const summary = summarize(observations);
    expect(summary.healthEndpoint).toEqual({
      value: '/health',
      evidence: 'deploy/k8s.yaml: a Deployment readiness probe',
      file: 'deploy/k8s.yaml',
    });
    expect(summary.port?.value).toBe(5000);
    const withoutKubernetes = observations.filter(
      o => o.path !== 'deploy/k8s.yaml',
    );
    expect(summarize(withoutKubernetes).port?.value).toBe(8080);
  });

  it('takes a health check from a file with no platform before Compose', () => {
    const observations = [
      ...at(
        'a/docker-compose.yml',
        {
          key: 'platform',
          value: 'docker-compose',
          reason: 'a Docker Compose file',
        },
        { key: 'port', value: 8080, reason: 'a Compose service port' },
      ),
      ...at('charts/petstore/values.yaml', {
        key: 'port',
        value: 5000,
        reason: 'chart values',
      }),
    ];
    expect(summarize(observations).port?.value).toBe(5000);
  });

  it('takes canary over blue-green over rolling', () => {
    const strategies = ['rolling', 'canary', 'blue-green'] as const;
    const observations = strategies.flatMap(value =>
      at(`deploy/${value}.yaml`, {
        key: 'deploymentStrategy',
        value,
        reason: value,
      }),
    );
    expect(summarize(observations).deploymentStrategy?.value).toBe('canary');
    expect(
      summarize(observations.filter(o => o.value !== 'canary'))
        .deploymentStrategy?.value,
    ).toBe('blue-green');
  });

  it('counts a boolean as true when any file shows it', () => {
    const observations = [
      ...at('a.yaml', { key: 'gitops', value: false, reason: 'declared off' }),
      ...at('b.yaml', {
        key: 'gitops',
        value: true,
        reason: 'an Argo CD Application',
      }),
    ];
    expect(summarize(observations).gitops).toEqual({
      value: true,
      evidence: 'b.yaml: an Argo CD Application',
      file: 'b.yaml',
    });
  });

  it('unites lists, naming the files that added to them', () => {
    const observations = [
      ...at('otel/collector.yaml', {
        key: 'observability',
        value: ['tracing', 'metrics'],
        reason: 'an OpenTelemetry Collector config',
      }),
      ...at('k8s/servicemonitor.yaml', {
        key: 'observability',
        value: ['metrics'],
        reason: 'a Prometheus ServiceMonitor',
      }),
      ...at('fluent-bit/fluent-bit.conf', {
        key: 'observability',
        value: ['logging'],
        reason: 'a Fluent Bit config',
      }),
      ...at('monitoring/podmonitor.yaml', {
        key: 'observability',
        value: ['metrics'],
        reason: 'a Prometheus PodMonitor',
      }),
    ];
    // In path order; the PodMonitor adds nothing the ServiceMonitor did not.
    expect(summarize(observations).observability).toEqual({
      value: ['logging', 'metrics', 'tracing'],
      evidence:
        'fluent-bit/fluent-bit.conf: a Fluent Bit config; k8s/servicemonitor.yaml: a Prometheus ServiceMonitor; otel/collector.yaml: an OpenTelemetry Collector config',
      // The first file that added to it.
      file: 'fluent-bit/fluent-bit.conf',
    });
  });

  it('names a few files of a long list and counts the others', () => {
    const practices = [
      'iac',
      'canary',
      'blue-green',
      'multi-region',
      'dr-plan',
    ] as const;
    const observations = practices.flatMap((value, i) =>
      at(`infra/${i}.tf`, { key: 'practices', value: [value], reason: value }),
    );
    expect(summarize(observations).practices).toEqual({
      value: [...practices],
      evidence:
        'infra/0.tf: iac; infra/1.tf: canary; infra/2.tf: blue-green; and 2 more',
      file: 'infra/0.tf',
    });
  });

  it('leaves out values their annotation would not parse to', () => {
    const observations = [
      ...at('a.yaml', { key: 'port', value: 0, reason: 'bad' }),
      ...at('b.yaml', {
        key: 'healthEndpoint',
        value: 'health',
        reason: 'bad',
      }),
      ...at('c.yaml', { key: 'port', value: 8080, reason: 'good' }),
    ];
    expect(summarize(observations)).toEqual({
      port: { value: 8080, evidence: 'c.yaml: good', file: 'c.yaml' },
    });
  });
});
