import { assess } from './assess';
import { hasScalingAnnotations } from './annotations';

describe('annotation warnings', () => {
  it('warn on an unknown scaling.io key and suggest the right one', () => {
    const result = assess({
      annotations: { 'scaling.io/active-user': '5000' },
    });
    expect(result.warnings).toEqual([
      {
        annotation: 'scaling.io/active-user',
        value: '5000',
        message:
          'unknown annotation scaling.io/active-user; did you mean scaling.io/active-users?',
      },
    ]);
    expect(result.signals.activeUsers.value).toBeNull();
  });

  it('ignore annotations outside scaling.io', () => {
    expect(
      assess({ annotations: { 'backstage.io/techdocs-ref': 'dir:.' } })
        .warnings,
    ).toEqual([]);
  });

  it('leave a bad signal unknown and keep its raw text', () => {
    const result = assess({
      annotations: {
        'scaling.io/active-users': 'lots',
        'scaling.io/uptime-sla': '99.9.9',
      },
    });
    expect(result.signals.activeUsers).toEqual({
      value: null,
      source: 'annotation',
      raw: 'lots',
    });
    expect(result.warnings.map(w => [w.annotation, w.message])).toEqual([
      [
        'scaling.io/active-users',
        "expected a whole number of users, got 'lots'",
      ],
      [
        'scaling.io/uptime-sla',
        "expected an uptime percentage above 0 and at most 100 such as '99.9' or '99.9%', got '99.9.9'",
      ],
    ]);
  });

  it('report evidence annotations that do not parse', () => {
    const result = assess({
      annotations: { 'scaling.io/containerized': 'maybe' },
    });
    expect(result.warnings).toEqual([
      {
        annotation: 'scaling.io/containerized',
        value: 'maybe',
        message: "expected true, false, yes or no, got 'maybe'",
      },
    ]);
  });

  it('prefer the entity annotation over the owner and the catalog', () => {
    const result = assess({
      annotations: {
        'scaling.io/k8s-expertise': 'no',
        'scaling.io/service-count': '2',
      },
      context: { teamK8sExpertise: true, serviceCount: 9 },
    });
    expect(result.signals.teamK8sExpertise).toEqual({
      value: false,
      source: 'annotation',
      raw: 'no',
    });
    expect(result.signals.serviceCount.value).toBe(2);
  });

  it('tells whether an entity is configured at all', () => {
    expect(hasScalingAnnotations({ 'scaling.io/platform': 'vps' })).toBe(true);
    expect(hasScalingAnnotations({ 'backstage.io/kubernetes-id': 'x' })).toBe(
      false,
    );
    expect(hasScalingAnnotations(undefined)).toBe(false);
  });
});
