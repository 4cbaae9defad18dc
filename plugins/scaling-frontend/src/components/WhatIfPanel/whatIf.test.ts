import {
  DEFAULT_THRESHOLDS,
  assess,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
} from '../../__testUtils__/fixtures';
import { initialWhatIfValues, simulateRequest, whatIfSentence } from './whatIf';

describe('initialWhatIfValues', () => {
  it('starts from the signals of the assessment, whatever their source', () => {
    const assessment = assess({
      annotations: {
        'scaling.io/active-users': '2500',
        'scaling.io/deployment-strategy': 'canary',
      },
      context: { serviceCount: 7, teamK8sExpertise: true },
    });
    expect(initialWhatIfValues(assessment)).toEqual({
      activeUsers: '2500',
      uptimeSla: '',
      monthlyBudgetUsd: '',
      multiRegionRequired: false,
      teamK8sExpertise: true,
      deploymentStrategy: 'canary',
      serviceMesh: false,
      serviceCount: '7',
    });
  });
});

describe('simulateRequest', () => {
  const values = initialWhatIfValues(
    assessmentFor(UNDER_PROVISIONED_ANNOTATIONS),
  );

  it("keeps the entity's other annotations and writes the form's values over them", () => {
    const request = simulateRequest(
      {
        ...UNDER_PROVISIONED_ANNOTATIONS,
        'backstage.io/kubernetes-id': 'checkout',
      },
      {
        ...values,
        activeUsers: ' 12000 ',
        serviceMesh: true,
        deploymentStrategy: 'rolling',
      },
    );
    expect(request.annotations).toEqual({
      ...UNDER_PROVISIONED_ANNOTATIONS,
      'backstage.io/kubernetes-id': 'checkout',
      'scaling.io/active-users': '12000',
      'scaling.io/service-mesh': 'true',
      'scaling.io/deployment-strategy': 'rolling',
    });
    expect(request.context).toBeUndefined();
  });

  it('leaves out what the form leaves empty', () => {
    const request = simulateRequest(UNDER_PROVISIONED_ANNOTATIONS, {
      ...values,
      uptimeSla: '',
      deploymentStrategy: '',
    });
    expect(request.annotations).not.toHaveProperty('scaling.io/uptime-sla');
    expect(request.annotations).not.toHaveProperty(
      'scaling.io/deployment-strategy',
    );
  });

  it("carries the entity's databases over from its managed-database readiness item", () => {
    const unmanaged = assess({
      annotations: {
        'scaling.io/platform': 'vps',
        'scaling.io/active-users': '5000',
      },
      context: { databases: [{ managed: false }] },
    });
    expect(simulateRequest({}, values, unmanaged).context).toEqual({
      databases: [{ managed: false }],
    });
    const none = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
    expect(simulateRequest({}, values, none).context).toEqual({
      databases: [],
    });
  });
});

describe('whatIfSentence', () => {
  it('says which tier the load needs and how many criteria hold when the gate holds it back', () => {
    const result = assess({
      annotations: {
        'scaling.io/active-users': '12000',
        'scaling.io/uptime-sla': '99.9',
      },
    });
    expect(whatIfSentence(result)).toBe(
      'At 12,000 users with a 99.9% SLA you would need Kubernetes, and you meet 2 of 7 criteria (3 required), so the recommendation would be Managed Cloud.',
    );
  });

  it('names the recommended tier when nothing holds it back', () => {
    const result = assess({
      annotations: {
        'scaling.io/active-users': '2000',
        'scaling.io/uptime-sla': '99.5',
      },
    });
    expect(whatIfSentence(result)).toBe(
      'At 2,000 users with a 99.5% SLA you would need Managed Cloud, and you meet 0 of 7 criteria (3 required).',
    );
  });

  it('says when the budget caps the recommendation', () => {
    const result = assess({
      annotations: {
        'scaling.io/active-users': '2000',
        'scaling.io/monthly-budget-usd': '100',
      },
    });
    expect(whatIfSentence(result)).toBe(
      'At 2,000 users you would need Managed Cloud, and you meet 0 of 7 criteria (3 required), so the recommendation would be Single VPS.',
    );
  });

  it("names the demand the backend computed with its own thresholds, not the defaults'", () => {
    // A backend whose app-config starts Kubernetes at 5,000 users: 6,000 users demand
    // Kubernetes there, where the defaults would say Managed Cloud.
    const result = assess({
      annotations: {
        'scaling.io/active-users': '6000',
        'scaling.io/uptime-sla': '99.5',
      },
      thresholds: {
        ...DEFAULT_THRESHOLDS,
        users: { 'managed-cloud': 1000, kubernetes: 5000, enterprise: 50001 },
      },
    });
    expect(result.demand.tier).toBe('kubernetes');
    expect(whatIfSentence(result)).toBe(
      'At 6,000 users with a 99.5% SLA you would need Kubernetes, and you meet 1 of 7 criteria (3 required), so the recommendation would be Managed Cloud.',
    );
  });

  it('says that nothing can be recommended without users or SLA', () => {
    expect(whatIfSentence(assess({ annotations: {} }))).toBe(
      'Without active users or an uptime SLA no tier can be recommended.',
    );
  });
});
