import { assess } from './assess';
import {
  InvalidOrgPolicyError,
  PolicyEntity,
  orgDefaultsFor,
  parseOrgPolicy,
} from './orgPolicy';

// The policy form, exactly as an adopter writes it in app-config.
const POLICY = parseOrgPolicy([
  {
    filter: { 'spec.lifecycle': 'production' },
    annotations: { 'scaling.io/uptime-sla': '99.9' },
  },
  {
    filter: { 'spec.lifecycle': 'experimental' },
    annotations: { 'scaling.io/uptime-sla': '99' },
  },
]);

function entity(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): PolicyEntity {
  return { kind: 'Component', metadata: { name: 'x', ...metadata }, spec };
}

describe('org policy (scaling.defaults)', () => {
  it('gives each entity the value of the first rule that matches it', () => {
    expect(orgDefaultsFor(POLICY, entity({ lifecycle: 'production' }))).toEqual(
      {
        uptimeSla: {
          value: 99.9,
          source: 'config',
          evidence: 'scaling.defaults[0]',
        },
      },
    );
    expect(
      orgDefaultsFor(POLICY, entity({ lifecycle: 'Experimental' })),
    ).toEqual({
      uptimeSla: {
        value: 99,
        source: 'config',
        evidence: 'scaling.defaults[1]',
      },
    });
    expect(orgDefaultsFor(POLICY, entity({ lifecycle: 'deprecated' }))).toEqual(
      {},
    );
  });

  it('takes, for each key, the first matching rule that sets it', () => {
    const policy = parseOrgPolicy([
      {
        filter: { 'spec.type': 'service' },
        annotations: { 'scaling.io/monitoring': 'datadog' },
      },
      {
        filter: { kind: 'Component' },
        annotations: {
          'scaling.io/monitoring': 'false',
          'scaling.io/uptime-sla': '99.5%',
        },
      },
    ]);
    const defaults = orgDefaultsFor(policy, entity({ type: 'service' }));
    expect(defaults.monitoring).toEqual({
      value: true,
      source: 'config',
      evidence: 'scaling.defaults[0]',
    });
    expect(defaults.uptimeSla).toEqual({
      value: 99.5,
      source: 'config',
      evidence: 'scaling.defaults[1]',
    });
  });

  it('matches lists, owners, namespaces, tags and annotations as the catalog filters do', () => {
    const policy = parseOrgPolicy([
      {
        filter: {
          'spec.owner': ['team-a', 'group:default/team-b'],
          'metadata.namespace': 'default',
          'metadata.tags': 'critical',
          'metadata.annotations.backstage.io/managed-by-location':
            'url:https://github.test/acme/a/blob/main/catalog-info.yaml',
        },
        annotations: { 'scaling.io/monthly-budget-usd': '$1,500' },
      },
    ]);
    const match = entity(
      { owner: 'group:default/team-b' },
      {
        tags: ['java', 'critical'],
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.test/acme/a/blob/main/catalog-info.yaml',
        },
      },
    );
    expect(orgDefaultsFor(policy, match).monthlyBudgetUsd?.value).toBe(1500);
    expect(
      orgDefaultsFor(policy, {
        ...match,
        metadata: { ...match.metadata, tags: ['java'] },
      }),
    ).toEqual({});
    expect(
      orgDefaultsFor(policy, {
        ...match,
        metadata: { ...match.metadata, namespace: 'other' },
      }),
    ).toEqual({});
  });

  it('ranks below the entity annotation and is shown as config with its rule', () => {
    const sla = (annotations: Record<string, string>) =>
      assess({
        annotations,
        defaults: orgDefaultsFor(POLICY, entity({ lifecycle: 'production' })),
      }).signals.uptimeSla;
    expect(sla({})).toEqual({
      value: 99.9,
      source: 'config',
      evidence: 'scaling.defaults[0]',
    });
    expect(sla({ 'scaling.io/uptime-sla': '99.95' })).toEqual({
      value: 99.95,
      source: 'annotation',
      raw: '99.95',
    });
  });

  it.each([
    [
      { filter: {}, annotations: {} },
      'scaling.defaults[0].annotations',
      'expected an object of scaling.io/ annotations',
    ],
    [
      {
        filter: { 'spec.lifecycle': 'production' },
        annotations: { 'scaling.io/uptime-sla': 'high' },
      },
      'scaling.defaults[0].annotations["scaling.io/uptime-sla"]',
      "got 'high'",
    ],
    [
      {
        filter: { 'spec.lifecycle': 'production' },
        annotations: { 'scaling.io/uptime-slaa': '99' },
      },
      'scaling.defaults[0].annotations["scaling.io/uptime-slaa"]',
      'did you mean scaling.io/uptime-sla?',
    ],
    [
      {
        filter: { lifecycle: 'production' },
        annotations: { 'scaling.io/uptime-sla': '99' },
      },
      'scaling.defaults[0].filter.lifecycle',
      'expected a catalog filter key',
    ],
    [
      {
        filter: { 'spec.lifecycle': [] },
        annotations: { 'scaling.io/uptime-sla': '99' },
      },
      'scaling.defaults[0].filter.spec.lifecycle',
      'empty list',
    ],
    [
      { filter: 'production', annotations: { 'scaling.io/uptime-sla': '99' } },
      'scaling.defaults[0].filter',
      'expected an object of catalog filter keys',
    ],
    [
      {
        filter: { kind: 'Component' },
        annotations: { 'scaling.io/uptime-sla': '99' },
        extra: 1,
      },
      'scaling.defaults[0].extra',
      'unknown key',
    ],
  ])('refuses a bad rule %j, naming %s', (rule, key, message) => {
    let error: unknown;
    try {
      parseOrgPolicy([rule]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOrgPolicyError);
    expect((error as InvalidOrgPolicyError).key).toBe(key);
    expect((error as Error).message).toContain(`Invalid config ${key}:`);
    expect((error as Error).message).toContain(message);
  });

  it('names the index of the bad rule, not the first', () => {
    expect(() =>
      parseOrgPolicy([
        {
          filter: { kind: 'Component' },
          annotations: { 'scaling.io/uptime-sla': '99' },
        },
        {
          filter: { kind: 'Component' },
          annotations: { 'scaling.io/platform': 'heroku' },
        },
      ]),
    ).toThrow(
      'Invalid config scaling.defaults[1].annotations["scaling.io/platform"]',
    );
  });

  it('is empty when not configured, and refuses anything but a list', () => {
    expect(parseOrgPolicy(undefined)).toEqual([]);
    expect(() => parseOrgPolicy({ filter: {} })).toThrow(
      'Invalid config scaling.defaults:',
    );
  });
});
