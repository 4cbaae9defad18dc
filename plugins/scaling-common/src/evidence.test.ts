/*
 * What the evidence providers showed, kept in the assessment whatever its status; a health check
 * without a path; and a team's Kubernetes expertise from what it already runs.
 */
import { assess } from './assess';
import { SuppliedValues } from './values';

const repository = (values: SuppliedValues) => ({
  values,
  thirdParty: ['postgres', 'redis'],
});

describe('assessment.evidence', () => {
  it("keeps an over-provisioned service's repository facts, marking those an annotation overrides", () => {
    const a = assess({
      annotations: {
        'scaling.io/active-users': '200',
        'scaling.io/autoscaling': 'false',
      },
      evidence: [
        repository({
          platform: {
            value: 'kubernetes',
            source: 'repository',
            evidence: 'k8s/deployment.yaml: a Kubernetes Deployment',
            file: 'k8s/deployment.yaml',
            line: 4,
          },
          autoscaling: {
            value: true,
            source: 'repository',
            evidence: 'k8s/hpa.yaml: a HorizontalPodAutoscaler',
            file: 'k8s/hpa.yaml',
          },
        }),
      ],
    });
    expect(a.status).toBe('over-provisioned');
    // Nothing to move to: the readiness list is empty, the evidence is not.
    expect(a.readiness.items).toEqual([]);
    expect(a.evidence).toEqual({
      items: [
        {
          key: 'platform',
          value: 'kubernetes',
          source: 'repository',
          evidence: 'k8s/deployment.yaml: a Kubernetes Deployment',
          file: 'k8s/deployment.yaml',
          line: 4,
          used: true,
        },
        {
          key: 'autoscaling',
          value: true,
          source: 'repository',
          evidence: 'k8s/hpa.yaml: a HorizontalPodAutoscaler',
          file: 'k8s/hpa.yaml',
          used: false,
        },
      ],
      thirdParty: ['postgres', 'redis'],
    });
  });

  it('marks a later provider whose key an earlier one set as not used, and is empty without providers', () => {
    const platform = (value: 'eks' | 'kubernetes', source: string) => ({
      values: {
        platform: { value, source, evidence: `${source}: says ${value}` },
      },
    });
    const a = assess({
      evidence: [platform('eks', 'cmdb'), platform('kubernetes', 'repository')],
    });
    expect(a.evidence.items.map(i => [i.source, i.used])).toEqual([
      ['cmdb', true],
      ['repository', false],
    ]);
    expect(assess({}).evidence).toEqual({ items: [], thirdParty: [] });
  });
});

describe('a health check without a path', () => {
  const withCheck = (healthEndpoint?: string) =>
    assess({
      annotations: {
        'scaling.io/platform': 'docker-compose',
        'scaling.io/active-users': '5000',
      },
      evidence: [
        {
          values: {
            healthCheck: {
              value: true,
              source: 'repository',
              evidence:
                'k8s/deployment.yaml: a Deployment liveness probe (gRPC)',
            },
            ...(healthEndpoint
              ? {
                  healthEndpoint: {
                    value: healthEndpoint,
                    source: 'repository',
                    evidence: 'Dockerfile: a Dockerfile HEALTHCHECK',
                  },
                }
              : {}),
          },
        },
      ],
      templates: [
        {
          entityRef: 'template:default/scaling-managed-cloud',
          title: 'Migrate to managed cloud',
          targetTier: 'managed-cloud',
          platform: null,
        },
      ],
      entity: { entityRef: 'component:default/x', name: 'x' },
    });

  it('passes the health-check item, and leaves the path for the template to ask', () => {
    const a = withCheck();
    const item = a.readiness.items.find(i => i.id === 'health-check')!;
    expect(item.passed).toBe(true);
    expect(item.evidence).toBe(
      'a health check without an HTTP path (from the repository: k8s/deployment.yaml: a Deployment liveness probe (gRPC)); set scaling.io/health-endpoint to pre-fill the templates',
    );
    expect(a.templates[0].formData.healthPath).toBe('');
  });

  it('takes a known path over it', () => {
    const a = withCheck('/livez');
    expect(a.readiness.items.find(i => i.id === 'health-check')!.evidence).toBe(
      'from the repository: Dockerfile: a Dockerfile HEALTHCHECK',
    );
    expect(a.templates[0].formData.healthPath).toBe('/livez');
  });

  it('is off with nothing that shows a check', () => {
    const a = assess({
      annotations: {
        'scaling.io/platform': 'docker-compose',
        'scaling.io/active-users': '5000',
      },
    });
    expect(a.readiness.items.find(i => i.id === 'health-check')!.passed).toBe(
      false,
    );
  });
});

describe('team expertise from what the team runs', () => {
  const base = {
    'scaling.io/active-users': '30000',
    'scaling.io/uptime-sla': '99.9',
  };
  const criterion = (a: ReturnType<typeof assess>) =>
    a.kubernetesCriteria.items.find(i => i.id === 'team-expertise')!;

  it("is met by the owner's services on Kubernetes, naming them", () => {
    const a = assess({
      annotations: { ...base, 'scaling.io/platform': 'ecs-fargate' },
      context: {
        ownerKubernetesServices: { owner: 'team-payments', count: 4 },
      },
    });
    expect(a.signals.teamK8sExpertise).toEqual({
      value: true,
      source: 'owner',
      evidence: 'owner team-payments runs 4 services on Kubernetes',
    });
    expect(criterion(a)).toMatchObject({
      met: true,
      evidence:
        'team has Kubernetes expertise (from the owner group: owner team-payments runs 4 services on Kubernetes)',
    });
  });

  it('is met when the service itself runs on Kubernetes', () => {
    const a = assess({
      annotations: { ...base, 'scaling.io/platform': 'eks' },
    });
    expect(a.signals.teamK8sExpertise).toMatchObject({
      value: true,
      evidence: 'the service itself runs on Kubernetes (eks)',
    });
  });

  it('gives way to an explicit false, on the entity or on its owner', () => {
    const owned = { ownerKubernetesServices: { owner: 'team-a', count: 2 } };
    const onEntity = assess({
      annotations: {
        ...base,
        'scaling.io/platform': 'eks',
        'scaling.io/k8s-expertise': 'false',
      },
      context: owned,
    });
    expect(onEntity.signals.teamK8sExpertise).toMatchObject({
      value: false,
      source: 'annotation',
    });
    const onOwner = assess({
      annotations: { ...base, 'scaling.io/platform': 'eks' },
      context: { ...owned, teamK8sExpertise: false },
    });
    expect(onOwner.signals.teamK8sExpertise).toMatchObject({
      value: false,
      source: 'owner',
    });
  });

  it('stays unknown for a team that runs nothing on Kubernetes', () => {
    const a = assess({
      annotations: { ...base, 'scaling.io/platform': 'ecs-fargate' },
      context: { ownerKubernetesServices: null },
    });
    expect(a.signals.teamK8sExpertise.value).toBeNull();
  });
});
