import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogReader } from './CatalogReader';

const database = (i: number): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: `db-${i}`,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://example.com/catalog-info.yaml',
      'scaling.io/managed': 'true',
    },
    description: 'x'.repeat(1000),
  },
  spec: { type: 'database', owner: 'group:default/a' },
});

describe('CatalogReader', () => {
  it('fetches each related entity once across the pages of a 100,000-entity scan', async () => {
    const requested: string[] = [];
    const catalog = catalogServiceMock.mock({
      getEntitiesByRefs: async ({ entityRefs }) => {
        requested.push(...entityRefs);
        return {
          items: entityRefs.map(ref =>
            ref.startsWith('group:')
              ? {
                  apiVersion: 'backstage.io/v1alpha1',
                  kind: 'Group',
                  metadata: { name: ref.slice(14) },
                  spec: {},
                }
              : database(Number(ref.split('-').pop())),
          ),
        };
      },
    });
    const reader = new CatalogReader(catalog, mockServices.logger.mock());
    const credentials = mockCredentials.service();
    // As the scan's pages ask: 200 pages of 500 Components, owned by 2,000 Groups and
    // depending on 20,000 databases (the benchmark's organisation).
    for (let page = 0; page < 200; page++) {
      const refs = Array.from({ length: 500 }, (_, i) => [
        `group:default/team-${(page * 500 + i) % 2_000}`,
        `resource:default/db-${(page * 500 + i) % 20_000}`,
      ]).flat();
      const related = await reader.getRelated(refs, credentials);
      expect(related.size).toBe(1_000);
    }
    expect(requested).toHaveLength(22_000);
  });
});

describe('CatalogReader.visibleRefs', () => {
  const entity = (
    kind: string,
    name: string,
    namespace = 'default',
    type = 'service',
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace },
    spec: { type },
  });
  const ORG: Entity[] = [
    entity('Component', 'orders'),
    entity('Component', 'Checkout-Web', 'default', 'website'),
    entity('Component', 'utils', 'default', 'library'),
    entity('API', 'orders'),
    entity('Group', 'team-a'),
  ];
  const DEPLOYED = { kind: 'Component', 'spec.type': ['service', 'website'] };

  function reader(entities: Entity[]) {
    const catalog = catalogServiceMock({ entities });
    const calls: string[] = [];
    for (const method of [
      'getEntities',
      'queryEntities',
      'getEntityFacets',
    ] as const) {
      const original = (catalog[method] as Function).bind(catalog);
      (catalog as any)[method] = (...args: unknown[]) => {
        calls.push(method);
        return original(...args);
      };
    }
    return {
      catalog,
      calls,
      reader: new CatalogReader(catalog, mockServices.logger.mock()),
    };
  }

  /** What a listing of the matching entities says, the refs the overview must be limited to. */
  async function listed(entities: Entity[], filter: Record<string, any>) {
    const { items } = await catalogServiceMock({ entities }).getEntities(
      { filter },
      { credentials: mockCredentials.service() },
    );
    return new Set(items.map(e => stringifyEntityRef(e)));
  }

  it('counts the names of what may be seen in one namespace, reading no entity', async () => {
    const { reader: r, calls } = reader(ORG);
    const refs = await r.visibleRefs(DEPLOYED, mockCredentials.user());
    expect([...refs].sort()).toEqual([
      'component:default/checkout-web',
      'component:default/orders',
    ]);
    expect(calls).toEqual(['getEntityFacets', 'getEntityFacets']);
    expect(refs).toEqual(await listed(ORG, DEPLOYED));
  });

  it('lists the entities when the caller sees several namespaces', async () => {
    const org = [...ORG, entity('Component', 'billing', 'finance')];
    const { reader: r, calls } = reader(org);
    const refs = await r.visibleRefs(DEPLOYED, mockCredentials.user());
    expect([...refs].sort()).toEqual([
      'component:default/checkout-web',
      'component:default/orders',
      'component:finance/billing',
    ]);
    expect(calls).toEqual(['getEntityFacets', 'getEntities']);
  });

  it.each([
    ['several kinds', { kind: ['Component', 'API'] }],
    ['no kind', { 'spec.type': 'service' }],
    ['a namespace', { kind: 'Component', 'metadata.namespace': 'default' }],
    ['a kind under two spellings', { kind: 'Component', Kind: 'API' }],
  ])(
    'lists the entities when the filter names %s',
    async (_, filter: Record<string, string | string[]>) => {
      const { reader: r, calls } = reader(ORG);
      const refs = await r.visibleRefs(filter, mockCredentials.user());
      expect(calls).toEqual(['getEntities']);
      expect(refs).toEqual(await listed(ORG, filter));
    },
  );

  it('reads a kind named in any spelling of the key from the counts', async () => {
    const { reader: r, calls } = reader(ORG);
    const filter = { Kind: ['component'] };
    const refs = await r.visibleRefs(filter, mockCredentials.user());
    expect(calls).toEqual(['getEntityFacets', 'getEntityFacets']);
    expect(refs).toEqual(await listed(ORG, filter));
    expect(refs.size).toBe(3);
  });

  it('sees nothing in a catalog that shows the caller nothing', async () => {
    const { reader: r, calls } = reader([]);
    expect((await r.visibleRefs(DEPLOYED, mockCredentials.user())).size).toBe(
      0,
    );
    expect(calls).toEqual(['getEntityFacets']);
  });

  it('lists the entities when a name is counted more than once', async () => {
    const { reader: r, catalog, calls } = reader(ORG);
    const count = catalog.getEntityFacets;
    catalog.getEntityFacets = async (request, options) => {
      const answer = await count(request, options);
      const names = answer.facets['metadata.name'];
      return names
        ? { facets: { 'metadata.name': names.map(n => ({ ...n, count: 2 })) } }
        : answer;
    };
    const refs = await r.visibleRefs(DEPLOYED, mockCredentials.user());
    expect(calls).toContain('getEntities');
    expect(refs).toEqual(await listed(ORG, DEPLOYED));
  });

  it('reuses what a caller may see for that caller only', async () => {
    const { reader: r, calls } = reader(ORG);
    await r.visibleRefs(DEPLOYED, mockCredentials.user());
    calls.length = 0;
    await r.visibleRefs(DEPLOYED, mockCredentials.user());
    expect(calls).toEqual([]);
    await r.visibleRefs(DEPLOYED, mockCredentials.user('user:default/bob'));
    expect(calls).toEqual(['getEntityFacets', 'getEntityFacets']);
  });

  it('answers a catalog failure with a 503 naming the catalog', async () => {
    const { reader: r, catalog } = reader(ORG);
    catalog.getEntityFacets = async () => {
      throw new Error('connection reset');
    };
    await expect(
      r.visibleRefs(DEPLOYED, mockCredentials.user()),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('list visible entities'),
    });
  });

  it('shares one listing among callers arriving together, and keeps no failed one', async () => {
    const { reader: r, calls, catalog } = reader(ORG);
    const user = mockCredentials.user();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => r.visibleRefs(DEPLOYED, user)),
    );
    expect(calls).toEqual(['getEntityFacets', 'getEntityFacets']);
    expect(new Set(answers).size).toBe(1);

    const bob = mockCredentials.user('user:default/bob');
    const facets = catalog.getEntityFacets.bind(catalog);
    catalog.getEntityFacets = async () => {
      throw new Error('catalog restarting');
    };
    await expect(r.visibleRefs(DEPLOYED, bob)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    catalog.getEntityFacets = facets;
    expect(await r.visibleRefs(DEPLOYED, bob)).toEqual(answers[0]);
  });

  it('sends a read once more when its connection was reset, and only then', async () => {
    const { reader: r, catalog } = reader(ORG);
    const facets = catalog.getEntityFacets.bind(catalog);
    let attempts = 0;
    catalog.getEntityFacets = async (...args) => {
      attempts += 1;
      if (attempts === 1) {
        throw Object.assign(
          new Error('request failed, reason: read ECONNRESET'),
          {
            code: 'ECONNRESET',
          },
        );
      }
      return facets(...args);
    };
    expect(await r.visibleRefs(DEPLOYED, mockCredentials.user())).toEqual(
      await listed(ORG, DEPLOYED),
    );
    expect(attempts).toBe(3);

    // Any other failure is not retried.
    attempts = 0;
    catalog.getEntityFacets = async () => {
      attempts += 1;
      throw new Error('500 Internal Server Error');
    };
    await expect(
      r.visibleRefs(DEPLOYED, mockCredentials.user('user:default/carol')),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(attempts).toBe(1);
  });
});
