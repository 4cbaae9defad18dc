import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_DEPLOYABLE_TYPES,
  DEFAULT_THRESHOLDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { FIXTURE_ENTITIES, component } from '../__fixtures__/entities';
import { EvidenceCollector } from '../providers/EvidenceCollector';
import { MetricsCollector } from '../providers/MetricsCollector';
import { AssessmentService } from './AssessmentService';
import { CatalogReader } from './CatalogReader';

function countingCatalog(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const calls: string[] = [];
  for (const method of [
    'getEntityByRef',
    'getEntitiesByRefs',
    'queryEntities',
    'getEntities',
    'getEntityFacets',
  ] as const) {
    const original = (catalog[method] as Function).bind(catalog);
    (catalog as any)[method] = (...args: unknown[]) => {
      calls.push(method);
      return original(...args);
    };
  }
  return { catalog, calls };
}

function service(entities: Entity[]) {
  const { catalog, calls } = countingCatalog(entities);
  const logger = mockServices.logger.mock();
  const assessments = new AssessmentService(
    new CatalogReader(catalog, logger),
    new MetricsCollector([], logger),
    new EvidenceCollector([], logger),
    {
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      thresholds: DEFAULT_THRESHOLDS,
      policy: [],
      deployableTypes: DEFAULT_DEPLOYABLE_TYPES,
    },
  );
  return { assessments, catalog, calls };
}

describe('AssessmentService catalog requests', () => {
  const credentials = mockCredentials.user();

  it.each([1, 25])(
    'reads an entity with %d database dependencies in four requests',
    async count => {
      const databases = Array.from({ length: count }, (_, i) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: `db-${i}`,
          namespace: 'default',
          annotations: { 'scaling.io/managed': 'true' },
        },
        spec: { type: 'database' },
      }));
      const api = component(
        'api',
        { 'scaling.io/platform': 'vps', 'scaling.io/active-users': '5000' },
        {
          owner: 'group:default/platform',
          system: 'system:default/shop',
          dependsOn: databases.map(d => `resource:default/${d.metadata.name}`),
        },
      );
      const { assessments, calls } = service([
        ...FIXTURE_ENTITIES,
        ...databases,
        api,
      ]);
      const result = await assessments.assessEntity(
        { kind: 'component', namespace: 'default', name: 'api' },
        credentials,
      );
      expect(
        result.readiness.items.find(i => i.id === 'managed-database')?.evidence,
      ).toBe(`${count} database(s), all managed`);
      expect(calls.sort()).toEqual([
        'getEntities',
        'getEntitiesByRefs',
        'getEntityByRef',
        'getEntityFacets',
      ]);
      expect(result.signals.serviceCount).toEqual({
        value: 6,
        source: 'catalog',
      });
    },
  );

  it('reuses related entities per caller, never across callers', async () => {
    const { assessments, calls } = service(FIXTURE_ENTITIES);
    const ref = { kind: 'component', namespace: 'default', name: 'orders' };
    await assessments.assessEntity(ref, credentials);
    calls.length = 0;
    await assessments.assessEntity(ref, credentials);
    expect(calls).toEqual(['getEntityByRef']);
    calls.length = 0;
    await assessments.assessEntity(
      ref,
      mockCredentials.user('user:default/bob'),
    );
    expect(calls.sort()).toEqual([
      'getEntities',
      'getEntitiesByRefs',
      'getEntityByRef',
      'getEntityFacets',
    ]);
  });

  it('asks for the System sizes and templates while the entity is being read', async () => {
    const { assessments, catalog, calls } = service(FIXTURE_ENTITIES);
    let release!: () => void;
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    const read = catalog.getEntityByRef;
    catalog.getEntityByRef = async (...args) => {
      const entity = read(...args);
      await held;
      return entity;
    };
    const assessing = assessments.assessEntity(
      { kind: 'component', namespace: 'default', name: 'orders' },
      credentials,
    );
    await new Promise(resolve => setImmediate(resolve));
    // The entity is not answered yet: only what does not depend on it has been asked.
    expect([...calls].sort()).toEqual([
      'getEntities',
      'getEntityByRef',
      'getEntityFacets',
    ]);
    release();
    await expect(assessing).resolves.toMatchObject({
      entityRef: 'component:default/orders',
    });
    expect(calls).toContain('getEntitiesByRefs');
  });

  it('answers a missing entity with a 404 even when the System sizes cannot be read', async () => {
    const { assessments, catalog } = service(FIXTURE_ENTITIES);
    catalog.getEntityFacets = async () => {
      throw new Error('connection reset');
    };
    await expect(
      assessments.assessEntity(
        { kind: 'component', namespace: 'default', name: 'nowhere' },
        credentials,
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    // An entity that exists still needs the sizes: the catalog's failure is the answer.
    await expect(
      assessments.assessEntity(
        { kind: 'component', namespace: 'default', name: 'orders' },
        credentials,
      ),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });

  it('assesses the whole org with one listing, one related read, one System-size read and one template read', async () => {
    const { assessments, calls } = service(FIXTURE_ENTITIES);
    const all = await assessments.assessAll('Component', credentials);
    expect(all).toHaveLength(7);
    expect(calls.sort()).toEqual([
      'getEntities',
      'getEntitiesByRefs',
      'getEntityFacets',
      'queryEntities',
    ]);
    // System sizes come from the same count as for a single entity.
    const orders = all.find(a => a.entity.metadata.name === 'orders')!;
    expect(orders.assessment.signals.serviceCount).toEqual({
      value: 5,
      source: 'catalog',
    });
  });
});
