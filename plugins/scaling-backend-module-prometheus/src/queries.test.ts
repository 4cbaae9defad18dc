import { ScalingProviderEntity } from '@scaling-advisor/backstage-plugin-scaling-node';
import { escapeRegex, isValidSelector } from './promqlTemplate';
import {
  DEFAULT_LABELS,
  defaultQueries,
  entitiesOfSeries,
  planQueries,
} from './queries';

function entity(
  name: string,
  options: { namespace?: string; kind?: string; selector?: string } = {},
): ScalingProviderEntity {
  const { namespace = 'default', kind = 'Component' } = options;
  return {
    entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
    kind,
    namespace,
    name,
    annotations: options.selector
      ? { 'scaling.io/prometheus-selector': options.selector }
      : {},
  };
}

const plan = (
  template: string,
  entities: ScalingProviderEntity[],
  onInvalidSelector?: any,
) =>
  planQueries('activeUsers', template, entities, {
    labels: DEFAULT_LABELS,
    onInvalidSelector,
  });

describe('planQueries', () => {
  it('turns an exact matcher into one regex matcher over the batch, escaping names', () => {
    const [query, ...rest] = plan(
      'sum by (service) (users{service="{{name}}"})',
      [entity('web.api'), entity('cart'), entity('a+b')],
    );
    expect(rest).toEqual([]);
    expect(query.promql).toBe(
      String.raw`sum by (service) (users{service=~"a\\+b|cart|web\\.api"})`,
    );
    expect(query.discriminators).toEqual([{ field: 'name', label: 'service' }]);
  });

  it('keeps an exact matcher for a single entity, with no label needed to map the result', () => {
    const [query] = plan('users{service = "{{ name }}"}', [entity('web.api')]);
    expect(query.promql).toBe('users{service = "web.api"}');
    expect(query.discriminators).toEqual([]);
  });

  it('inserts an alternation group inside a regex matcher', () => {
    const [query] = plan('users{pod=~"{{name}}-[a-z0-9]+"}', [
      entity('cart'),
      entity('search'),
    ]);
    expect(query.promql).toBe('users{pod=~"(?:cart|search)-[a-z0-9]+"}');
    const [single] = plan('users{pod=~"{{name}}-.*"}', [entity('web.api')]);
    expect(single.promql).toBe(String.raw`users{pod=~"web\\.api-.*"}`);
  });

  it('batches every placeholder that stands in a matcher, and needs a label only where values differ', () => {
    const [query] = plan(
      'sum by (service, namespace, kind) (u{service="{{name}}", namespace="{{namespace}}", kind="{{kind}}"})',
      [
        entity('cart'),
        entity('cart', { namespace: 'staging' }),
        entity('cart', { kind: 'API' }),
      ],
    );
    expect(query.promql).toBe(
      'sum by (service, namespace, kind) (u{service="cart", namespace=~"default|staging", kind=~"api|component"})',
    );
    expect(query.discriminators.map(d => d.field)).toEqual([
      'namespace',
      'kind',
    ]);
  });

  it('splits by the values of placeholders that cannot stand for a list', () => {
    const queries = plan(
      'label_replace(u{service="{{name}}"}, "ns", "{{namespace}}", "", "") or u{service!="{{name}}"} * 0',
      [entity('a'), entity('b'), entity('c', { namespace: 'other' })],
    );
    expect(queries.map(q => q.promql)).toEqual([
      'label_replace(u{service="a"}, "ns", "default", "", "") or u{service!="a"} * 0',
      'label_replace(u{service="b"}, "ns", "default", "", "") or u{service!="b"} * 0',
      'label_replace(u{service="c"}, "ns", "other", "", "") or u{service!="c"} * 0',
    ]);
  });

  it('sends one query per distinct selector, and one for all entities without one', () => {
    const invalid = jest.fn();
    const queries = plan(
      defaultQueries(DEFAULT_LABELS).activeUsers,
      [
        entity('a'),
        entity('b'),
        entity('collector', { selector: 'job="event-collector"' }),
        entity('collector-2', { selector: 'job="event-collector"' }),
        entity('evil', { selector: 'job="x"}) or vector(1) or (up{' }),
      ],
      invalid,
    );
    expect(queries.map(q => [q.promql, q.entities.map(e => e.name)])).toEqual([
      ['sum by (service) (scaling_active_users{ service=~"a|b" })', ['a', 'b']],
      [
        'sum by (service) (scaling_active_users{ job="event-collector" })',
        ['collector', 'collector-2'],
      ],
    ]);
    // two entities that share a selector get the very same answer
    expect(queries[1].discriminators).toEqual([]);
    expect(invalid).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'evil' }),
      expect.any(String),
    );
  });

  it('leaves placeholders in comments and unknown ones alone', () => {
    const [query] = plan('u{service="{{name}}"} # for "{{name}}" {{other}}', [
      entity('a'),
    ]);
    expect(query.promql).toBe('u{service="a"} # for "{{name}}" {{other}}');
  });
});

describe('entitiesOfSeries', () => {
  const [query] = plan(
    'sum by (service, namespace) (u{service="{{name}}", namespace="{{namespace}}"})',
    [
      entity('cart'),
      entity('cart', { namespace: 'staging' }),
      entity('search'),
    ],
  );

  it('maps a series back by its labels', () => {
    expect(
      entitiesOfSeries(query, {
        service: 'cart',
        namespace: 'staging',
      }).entities.map(e => e.entityRef),
    ).toEqual(['component:staging/cart']);
    // the cross product of a batched query matches no entity
    expect(
      entitiesOfSeries(query, { service: 'search', namespace: 'staging' })
        .entities,
    ).toEqual([]);
  });

  it('reports a series without the labels it needs', () => {
    expect(entitiesOfSeries(query, { service: 'cart' })).toEqual({
      entities: [],
      missing: 'namespace',
    });
  });
});

describe('selectors and escaping', () => {
  it.each([
    ['job="api"', true],
    ['job="api", env=~"prod|staging",', true],
    [`job!~'x.*'`, true],
    ['job="a\\"b"', true],
    ['job=api', false],
    ['job="x"} or vector(1) or up{a="b"', false],
    ['', false],
  ])('isValidSelector(%s) = %s', (selector, valid) => {
    expect(isValidSelector(selector)).toBe(valid);
  });

  it('escapes RE2 metacharacters', () => {
    expect(escapeRegex('a.b*c(d)|e[f]{g}^$+?\\')).toBe(
      String.raw`a\.b\*c\(d\)\|e\[f\]\{g\}\^\$\+\?\\`,
    );
  });
});
