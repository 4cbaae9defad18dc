import { facts, observe } from './__testUtils__/observe';

describe('SLOs', () => {
  it('reads an OpenSLO objective as a percentage, without floating-point artefacts', () => {
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: petstore-availability
spec:
  service: petstore
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Good requests
      target: 0.999
`;
    // The objective of the service it names: petstore's, not every service's of the repository.
    expect(observe('slo/availability.yaml', slo)).toEqual([
      {
        key: 'uptimeSla',
        value: 99.9,
        path: 'slo/availability.yaml',
        reason: 'an OpenSLO SLO for petstore',
        of: ['slo/availability.yaml:1#SLO/petstore'],
        line: 1,
      },
    ]);
  });

  it('takes the strictest of several objectives, as ratios or percentages', () => {
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata: { name: petstore-latency }
spec:
  objectives:
    - { displayName: p90, target: 0.99 }
    - { displayName: p99, targetPercent: 99.95 }
    - { displayName: broken, target: 1.5 }
`;
    expect(facts('slo/latency.yaml', slo)).toEqual({ uptimeSla: [99.95] });
  });

  it('reads Sloth, in its Kubernetes and its own format', () => {
    const kubernetes = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: petstore }
spec:
  service: petstore
  slos:
    - name: requests-availability
      objective: 99.9
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{job="petstore",code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total{job="petstore"}[{{.window}}]))
`;
    const native = `version: "prometheus/v1"
service: petstore
slos:
  - name: requests-availability
    objective: 99.5
`;
    // The Sloth CLI reads the Kubernetes format too: it does not show a cluster.
    expect(facts('slo/sloth.yaml', kubernetes)).toEqual({ uptimeSla: [99.9] });
    expect(facts('slo/sloth-native.yaml', native)).toEqual({
      uptimeSla: [99.5],
    });
  });

  it('reads a Pyrra objective given as a string', () => {
    const pyrra = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata: { name: petstore-errors }
spec:
  target: "99.95"
  window: 4w
`;
    expect(facts('slo/pyrra.yaml', pyrra)).toEqual({ uptimeSla: [99.95] });
  });

  it('reads no objective outside 0–100%', () => {
    const pyrra = (target: string) =>
      `apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nspec:\n  target: ${target}\n`;
    expect(observe('slo/pyrra.yaml', pyrra('"0"'))).toEqual([]);
    expect(observe('slo/pyrra.yaml', pyrra('"101"'))).toEqual([]);
    expect(observe('slo/pyrra.yaml', pyrra('lots'))).toEqual([]);
  });
});
