import { Entity } from '@backstage/catalog-model';

/** A catalog entity as the catalog serves it: stitched, with relations. */
function entity(
  kind: string,
  name: string,
  options: {
    annotations?: Record<string, string>;
    type?: string;
    relations?: Array<[string, string]>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: options.annotations ?? {},
    },
    spec: options.type ? { type: options.type, lifecycle: 'production' } : {},
    relations: (options.relations ?? []).map(([type, targetRef]) => ({
      type,
      targetRef,
    })),
  };
}

function service(
  name: string,
  annotations: Record<string, string>,
  owner: string,
  system?: string,
  type = 'service',
): Entity {
  const relations: Array<[string, string]> = [['ownedBy', owner]];
  if (system) relations.push(['partOf', system]);
  return entity('Component', name, {
    annotations: { 'github.com/project-slug': `acme/${name}`, ...annotations },
    type,
    relations,
  });
}

const PLATFORM = 'group:default/platform';
const WEB = 'group:default/web';
const SHOP = 'system:default/shop';

/**
 * A small org: `orders` under-provisioned (20,000 users on managed cloud, with the catalog
 * meeting the Kubernetes gate through its owner's expertise and its System's five services),
 * `cart` aligned, `unconfigured` with too little data, `docs` a library (not assessed).
 */
export const ENTITIES: Entity[] = [
  entity('Group', 'platform', {
    annotations: { 'scaling.io/k8s-expertise': 'true' },
  }),
  entity('Group', 'web', {
    annotations: { 'scaling.io/k8s-expertise': 'false' },
  }),
  entity('System', 'shop'),
  service(
    'orders',
    {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '20000',
      'scaling.io/health-endpoint': '/healthz',
    },
    PLATFORM,
    SHOP,
  ),
  service(
    'cart',
    {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '3000',
      // One task: the practice of two at least is not followed.
      'scaling.io/min-replicas': '1',
    },
    WEB,
    SHOP,
  ),
  service(
    'catalog',
    { 'scaling.io/platform': 'eks', 'scaling.io/active-users': '300' },
    WEB,
    SHOP,
  ),
  service(
    'search',
    {
      'scaling.io/platform': 'docker-compose',
      'scaling.io/active-users': '4000',
    },
    WEB,
    SHOP,
  ),
  service(
    'checkout',
    { 'scaling.io/platform': 'vps', 'scaling.io/active-users': '200' },
    WEB,
    SHOP,
  ),
  service('unconfigured', {}, WEB),
  service('docs', {}, WEB, undefined, 'library'),
];
