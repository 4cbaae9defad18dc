import { Entity } from '@backstage/catalog-model';
import {
  contextOf,
  linksOf,
  migrationTemplatesOf,
  relatedFactsOf,
  relatedRefsOf,
} from './entityFacts';

const database = (i: number, managed = 'true'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: `db-${i}`,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://example.com/catalog-info.yaml',
      'scaling.io/managed': managed,
    },
    description: 'x'.repeat(1000),
  },
  spec: { type: 'database', owner: 'group:default/a' },
});

const group = (name: string, expertise?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations:
      expertise === undefined ? {} : { 'scaling.io/k8s-expertise': expertise },
  },
  spec: {},
});

describe('linksOf', () => {
  it('reads the owner, System and dependencies from the relations', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders', namespace: 'default' },
      spec: { owner: 'ignored', system: 'ignored' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        { type: 'partOf', targetRef: 'domain:default/commerce' },
        { type: 'partOf', targetRef: 'system:default/shop' },
        { type: 'dependsOn', targetRef: 'resource:default/db-1' },
      ],
    };
    expect(linksOf(entity)).toEqual({
      owner: 'group:default/platform',
      system: 'system:default/shop',
      dependsOn: ['resource:default/db-1'],
    });
  });

  it('falls back to the spec before stitching, in the entity`s namespace', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders', namespace: 'shop' },
      spec: {
        owner: 'platform',
        system: 'checkout',
        dependsOn: ['resource:db-1', 'component:other/api', 42],
      },
    };
    expect(linksOf(entity)).toEqual({
      owner: 'group:shop/platform',
      system: 'system:shop/checkout',
      dependsOn: ['resource:shop/db-1', 'component:other/api'],
    });
  });

  it('has no links when there are none', () => {
    expect(
      linksOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'orders' },
      }),
    ).toEqual({ owner: null, system: null, dependsOn: [] });
  });
});

describe('relatedRefsOf', () => {
  it('lists the owner and the dependencies', () => {
    expect(
      relatedRefsOf({
        owner: 'group:default/a',
        system: 'system:default/s',
        dependsOn: ['resource:default/db-1'],
      }),
    ).toEqual(['group:default/a', 'resource:default/db-1']);
    expect(
      relatedRefsOf({ owner: null, system: null, dependsOn: ['x:default/y'] }),
    ).toEqual(['x:default/y']);
  });
});

describe('contextOf', () => {
  it('reads the owner`s expertise, the databases and the System`s size', () => {
    const related = new Map<string, Entity>([
      ['group:default/platform', group('platform', 'true')],
      ['resource:default/db-1', database(1)],
      ['resource:default/db-2', database(2, 'false')],
    ]);
    expect(
      contextOf(
        {
          owner: 'group:default/platform',
          system: 'system:default/Shop',
          dependsOn: [
            'resource:default/db-1',
            'resource:default/db-2',
            'resource:default/missing',
          ],
        },
        related,
        new Map([['system:default/shop', 5]]),
        new Map([['group:default/platform', 4]]),
      ),
    ).toEqual({
      serviceCount: 5,
      teamK8sExpertise: true,
      databases: [
        { entityRef: 'resource:default/db-1', managed: true },
        { entityRef: 'resource:default/db-2', managed: false },
      ],
      // From the last scan: the owner's services on Kubernetes, by the owner's name.
      ownerKubernetesServices: { owner: 'platform', count: 4 },
    });
  });

  it('has null for what the catalog does not say', () => {
    expect(
      contextOf(
        {
          owner: 'group:default/web',
          system: 'system:default/x',
          dependsOn: [],
        },
        new Map([['group:default/web', group('web', 'maybe')]]),
        new Map(),
      ),
    ).toEqual({
      serviceCount: null,
      teamK8sExpertise: null,
      databases: [],
      ownerKubernetesServices: null,
    });
  });
});

describe('relatedFactsOf', () => {
  it('keeps of a related entity only what the rules read', () => {
    expect(relatedFactsOf(database(1))).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'db-1',
        namespace: 'default',
        annotations: { 'scaling.io/managed': 'true' },
      },
      spec: { type: 'database' },
    });
  });
});

describe('migrationTemplatesOf', () => {
  const template = (
    name: string,
    annotations: Record<string, string>,
    title?: string,
  ): Entity => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', title, annotations },
    spec: {},
  });

  it('describes migration and annotate templates, and skips the others', () => {
    expect(
      migrationTemplatesOf([
        template(
          'to-k8s',
          {
            'scaling.io/migration-target': ' kubernetes ',
            'scaling.io/migration-platform': 'eks',
          },
          'Move to Kubernetes',
        ),
        template('annotate', { 'scaling.io/template-purpose': 'annotate' }),
        template('unknown-tier', {
          'scaling.io/migration-target': 'mainframe',
        }),
        template('plain', {}),
      ]),
    ).toEqual([
      {
        entityRef: 'template:default/to-k8s',
        title: 'Move to Kubernetes',
        purpose: 'migrate',
        targetTier: 'kubernetes',
        platform: 'eks',
      },
      {
        entityRef: 'template:default/annotate',
        title: 'annotate',
        purpose: 'annotate',
        targetTier: null,
        platform: null,
      },
    ]);
  });
});
