import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
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
