import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';

/** A catalog entity as the catalog serves it: stitched, with relations. */
function entity(
  kind: string,
  name: string,
  options: {
    annotations?: Record<string, string>;
    spec?: JsonObject;
    relations?: Array<[string, string]>;
    title?: string;
  } = {},
): Entity {
  return {
    apiVersion:
      kind === 'Template'
        ? 'scaffolder.backstage.io/v1beta3'
        : 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: options.annotations ?? {},
    },
    spec: options.spec ?? {},
    relations: (options.relations ?? []).map(([type, targetRef]) => ({
      type,
      targetRef,
    })),
  };
}

export function component(
  name: string,
  annotations: Record<string, string>,
  links: { owner?: string; system?: string; dependsOn?: string[] } = {},
): Entity {
  const relations: Array<[string, string]> = [];
  if (links.owner) relations.push(['ownedBy', links.owner]);
  if (links.system) relations.push(['partOf', links.system]);
  for (const ref of links.dependsOn ?? []) relations.push(['dependsOn', ref]);
  return entity('Component', name, {
    annotations: { 'github.com/project-slug': `acme/${name}`, ...annotations },
    spec: { type: 'service', lifecycle: 'production' },
    relations,
  });
}

export const TEAM_WITH_EXPERTISE = 'group:default/platform';
export const TEAM_WITHOUT_EXPERTISE = 'group:default/web';
export const BIG_SYSTEM = 'system:default/shop';

/** A small org: enough to exercise every route and every relation the rules read. */
export const FIXTURE_ENTITIES: Entity[] = [
  entity('Group', 'platform', {
    annotations: { 'scaling.io/k8s-expertise': 'true' },
  }),
  entity('Group', 'web', {
    annotations: { 'scaling.io/k8s-expertise': 'false' },
  }),
  entity('System', 'shop'),
  entity('Resource', 'orders-db', {
    annotations: { 'scaling.io/managed': 'true' },
    spec: { type: 'database' },
  }),
  entity('Resource', 'legacy-db', {
    annotations: { 'scaling.io/managed': 'false' },
    spec: { type: 'database' },
  }),
  entity('Resource', 'assets-bucket', { spec: { type: 's3-bucket' } }),
  // Kubernetes demand with 3 criteria only thanks to the catalog: the owner's expertise and
  // the five Components of its System.
  component(
    'orders',
    {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '20000',
      'scaling.io/health-endpoint': '/healthz',
      'scaling.io/port': '5000',
    },
    {
      owner: TEAM_WITH_EXPERTISE,
      system: BIG_SYSTEM,
      dependsOn: [
        'resource:default/orders-db',
        'resource:default/legacy-db',
        'resource:default/assets-bucket',
      ],
    },
  ),
  component(
    'cart',
    {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '3000',
      // One task: the guide's practice of two at least is not followed.
      'scaling.io/min-replicas': '1',
    },
    { owner: TEAM_WITHOUT_EXPERTISE, system: BIG_SYSTEM },
  ),
  component(
    'catalog',
    { 'scaling.io/platform': 'eks', 'scaling.io/active-users': '300' },
    { owner: TEAM_WITHOUT_EXPERTISE, system: BIG_SYSTEM },
  ),
  component(
    'search',
    {
      'scaling.io/platform': 'docker-compose',
      'scaling.io/active-users': '4000',
    },
    { owner: TEAM_WITHOUT_EXPERTISE, system: BIG_SYSTEM },
  ),
  component(
    'checkout',
    { 'scaling.io/platform': 'vps', 'scaling.io/active-users': '200' },
    { owner: TEAM_WITHOUT_EXPERTISE, system: BIG_SYSTEM },
  ),
  component(
    'broken',
    {
      'scaling.io/platform': 'vps',
      'scaling.io/active-users': 'lots',
      'scaling.io/uptime-sla': '99.9.9',
      'scaling.io/active-user': '10',
    },
    { owner: TEAM_WITHOUT_EXPERTISE },
  ),
  component('unconfigured', {}, { owner: TEAM_WITHOUT_EXPERTISE }),
  entity('Template', 'scaling-managed-cloud', {
    title: 'Migrate to managed cloud',
    annotations: { 'scaling.io/migration-target': 'managed-cloud' },
  }),
  entity('Template', 'scaling-kubernetes', {
    title: 'Migrate to Kubernetes',
    annotations: { 'scaling.io/migration-target': 'kubernetes' },
  }),
  entity('Template', 'unrelated-template', { title: 'Something else' }),
];
