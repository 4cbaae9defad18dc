import { assess } from '@scaling-advisor/backstage-plugin-scaling-common';
import { deserializeAssessment, serializeAssessment } from './storedAssessment';

const assessments = [
  assess({
    annotations: {},
    entity: { entityRef: 'component:default/bare', name: 'bare' },
  }),
  assess({
    entity: {
      entityRef: 'component:default/big',
      name: 'big',
      owner: 'group:default/a',
    },
    annotations: {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '42000',
      'scaling.io/uptime-sla': '99.9',
      'scaling.io/monthly-budget-usd': '3000',
      'scaling.io/health-endpoint': '/health',
      'scaling.io/practices': 'service-mesh,multi-region',
    },
    context: {
      serviceCount: 12,
      teamK8sExpertise: true,
      databases: [{ entityRef: 'resource:default/db-1', managed: false }],
    },
    templates: [
      {
        entityRef: 'template:default/to-kubernetes',
        title: 'Move to Kubernetes',
        targetTier: 'kubernetes',
        platform: null,
      },
    ],
  }),
  assess({
    entity: { entityRef: 'component:default/over', name: 'over' },
    annotations: {
      'scaling.io/platform': 'eks',
      'scaling.io/active-users': '200',
      'scaling.io/users': 'x',
    },
  }),
];

describe('stored assessment JSON', () => {
  it.each(assessments.map(a => [a.entityRef, a] as const))(
    'gives back the whole assessment of %s',
    (_ref, assessment) => {
      expect(deserializeAssessment(serializeAssessment(assessment))).toEqual(
        assessment,
      );
    },
  );

  it("leaves out the rules' fixed texts, and only those", () => {
    const [, big] = assessments;
    const stored = serializeAssessment(big);
    const full = JSON.stringify(big);
    expect(stored.length).toBeLessThan(full.length * 0.65);
    for (const item of big.readiness.items) {
      expect(stored).not.toContain(JSON.stringify(item.howTo));
      expect(stored).toContain(JSON.stringify(item.evidence));
    }
    for (const item of big.kubernetesCriteria.items) {
      expect(stored).not.toContain(JSON.stringify(item.label));
      expect(stored).toContain(JSON.stringify(item.evidence));
    }
    expect(JSON.parse(stored).templates).toEqual(big.templates);
  });
});
