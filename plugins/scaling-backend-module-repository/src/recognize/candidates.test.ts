import { isCandidate } from './candidates';

describe('isCandidate', () => {
  it.each([
    'charts/petstore/Chart.yaml',
    'charts/petstore/templates/deployment.yaml',
    'deploy/k8s/petstore.yml',
    'deploy/ecs/task-definition.json',
    'infra/main.tf',
    'infra/aci.bicep',
    'Dockerfile',
    'docker/Dockerfile.prod',
    'Containerfile',
    'copilot/api/manifest.yml',
    'deploy/fluent-bit/fluent-bit.conf',
    'ops/vector.toml',
    'ops/promtail-config.yaml',
    'infra/Pulumi.yaml',
    'infra/cdk.json',
    'deploy/base/Kustomization',
    'live/prod/terragrunt.hcl',
  ])('reads %s', path => {
    expect(isCandidate(path)).toBe(true);
  });

  it.each([
    'src/index.ts',
    'README.md',
    'node_modules/some-chart/Chart.yaml',
    'web/node_modules/x/docker-compose.yml',
    '.git/config.yaml',
    'vendor/github.com/x/y/deploy.yaml',
    'infra/.terraform/modules/eks/main.tf',
    'package-lock.json',
    'nginx/nginx.conf',
    'docs/Dockerfile.md',
    'docs/Dockerfile-notes/README.md',
  ])('skips %s', path => {
    expect(isCandidate(path)).toBe(false);
  });

  it('reads .github but not .git', () => {
    expect(isCandidate('.github/workflows/deploy.yml')).toBe(true);
  });
});
