import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Assessment,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import request from 'supertest';
import { FIXTURE_ENTITIES } from './__fixtures__/entities';
import { scalingPlugin } from './plugin';

/** A fresh in-memory SQLite database per backend, closed after the tests. */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const OUTSIDER = 'user:default/outsider';

/**
 * The in-memory catalog, except that the outsider may not see `orders`: what the catalog's
 * permission policy would do.
 */
const permissionedCatalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const catalog = catalogServiceMock({ entities: FIXTURE_ENTITIES });
    const isOutsider = (options?: object) =>
      (
        (options as { credentials?: BackstageCredentials })?.credentials
          ?.principal as {
          userEntityRef?: string;
        }
      )?.userEntityRef === OUTSIDER;
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    const queryEntities = catalog.queryEntities.bind(catalog);
    catalog.getEntityByRef = async (ref, options) => {
      const entity = await getEntityByRef(ref, options);
      if (isOutsider(options) && entity?.metadata.name === 'orders') {
        return undefined;
      }
      return entity;
    };
    catalog.queryEntities = async (req, options) => {
      const response = await queryEntities(req, options);
      if (!isOutsider(options)) return response;
      const items = response.items.filter(e => e.metadata.name !== 'orders');
      return { ...response, items, totalItems: items.length };
    };
    return catalog;
  },
});

async function startBackend(
  config: Record<string, unknown> = {},
  catalog = permissionedCatalog,
) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      catalog,
      mockServices.rootConfig.factory({ data: config as any }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

const USER = `Bearer ${mockCredentials.user.token('user:default/alice')}`;
const OUTSIDER_TOKEN = `Bearer ${mockCredentials.user.token(OUTSIDER)}`;
const SERVICE = `Bearer ${mockCredentials.service.token({ onBehalfOf: mockCredentials.service('external:ci'), targetPluginId: 'scaling' })}`;

describe('scaling backend over HTTP', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    server = await startBackend();
  });

  it.each([
    ['get', '/api/scaling/assessments/component/default/orders'],
    ['get', '/api/scaling/overview'],
    ['get', '/api/scaling/overview.csv'],
    ['post', '/api/scaling/simulate'],
  ] as const)('%s %s answers 401 without credentials', async (method, path) => {
    const res = await request(server)[method](path);
    expect(res.status).toBe(401);
  });

  it('assesses an entity with its catalog relations', async () => {
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/orders')
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    const body = res.body as Assessment;
    expect(body).toMatchObject({
      entityRef: 'component:default/orders',
      currentTier: 'managed-cloud',
      recommendedTier: 'kubernetes',
      status: 'under-provisioned',
    });
    expect(body.signals.serviceCount).toEqual({ value: 5, source: 'catalog' });
    expect(body.signals.teamK8sExpertise).toEqual({
      value: true,
      source: 'owner',
    });
    expect(body.kubernetesCriteria.met).toBe(3);
    expect(
      body.readiness.items.find(i => i.id === 'managed-database'),
    ).toMatchObject({
      passed: false,
      evidence: 'not managed: resource:default/legacy-db',
    });
    expect(body.templates).toEqual([
      {
        entityRef: 'template:default/scaling-kubernetes',
        title: 'Migrate to Kubernetes',
        purpose: 'migrate',
        targetTier: 'kubernetes',
        platform: 'eks',
        formData: {
          component: 'component:default/orders',
          name: 'orders',
          owner: 'group:default/platform',
          system: 'system:default/shop',
          repoUrl: 'github.com?owner=acme&repo=orders',
          scm: 'github',
          gitUrl: 'https://github.com/acme/orders.git',
          platform: 'eks',
          port: 5000,
          healthPath: '/healthz',
          minReplicas: 3,
          maxReplicas: 10,
          cpuTarget: 70,
          memoryTarget: 80,
        },
      },
    ]);
  });

  it('accepts service credentials (static tokens for scripts)', async () => {
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/cart')
      .set('Authorization', SERVICE);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('aligned');
  });

  it('answers 404 for a missing entity and for one the caller may not see', async () => {
    const missing = await request(server)
      .get('/api/scaling/assessments/component/default/nope')
      .set('Authorization', USER);
    expect(missing.status).toBe(404);
    const hidden = await request(server)
      .get('/api/scaling/assessments/component/default/orders')
      .set('Authorization', OUTSIDER_TOKEN);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(
      missing.body.error.message.replace('nope', 'orders'),
    );
  });

  it('answers 400 for a malformed ref', async () => {
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/Not%20A%20Name')
      .set('Authorization', USER);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Malformed entity ref: invalid name 'Not A Name'",
    );
  });

  it('gives 200 with warnings for bad annotations', async () => {
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/broken')
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('insufficient-data');
    expect(
      res.body.warnings.map((w: { annotation: string }) => w.annotation),
    ).toEqual([
      'scaling.io/active-user',
      'scaling.io/active-users',
      'scaling.io/uptime-sla',
    ]);
  });

  it('serves the overview with filters, sorting, paging and totals', async () => {
    const all = await request(server)
      .get('/api/scaling/overview')
      .set('Authorization', USER);
    expect(all.status).toBe(200);
    const body = all.body as OverviewResponse;
    expect(body.totalCount).toBe(7);
    expect(body.lastScan).toBeNull();
    expect(body.totals.byStatus).toEqual({
      'under-provisioned': 2,
      'over-provisioned': 1,
      aligned: 2,
      'insufficient-data': 2,
    });
    expect(body.items.map(i => i.name)).toEqual([
      'broken',
      'cart',
      'catalog',
      'checkout',
      'orders',
      'search',
      'unconfigured',
    ]);

    const filtered = await request(server)
      .get('/api/scaling/overview')
      .query({ status: 'under-provisioned', sort: '-activeUsers', limit: 1 })
      .set('Authorization', USER);
    expect(filtered.body.totalCount).toBe(2);
    expect(filtered.body.items.map((i: { name: string }) => i.name)).toEqual([
      'orders',
    ]);

    const page2 = await request(server)
      .get('/api/scaling/overview')
      .query({
        status: 'under-provisioned',
        sort: '-activeUsers',
        limit: 1,
        offset: 1,
      })
      .set('Authorization', USER);
    expect(page2.body.items.map((i: { name: string }) => i.name)).toEqual([
      'search',
    ]);

    const byOwner = await request(server)
      .get('/api/scaling/overview')
      .query({ owner: 'group:default/platform', q: 'ORD' })
      .set('Authorization', USER);
    expect(byOwner.body.items.map((i: { name: string }) => i.name)).toEqual([
      'orders',
    ]);

    const unknownTier = await request(server)
      .get('/api/scaling/overview')
      .query({ currentTier: 'unknown' })
      .set('Authorization', USER);
    expect(unknownTier.body.items.map((i: { name: string }) => i.name)).toEqual(
      ['unconfigured'],
    );
  });

  it('hides from the overview what the caller may not see', async () => {
    const res = await request(server)
      .get('/api/scaling/overview')
      .set('Authorization', OUTSIDER_TOKEN);
    expect(res.body.items.map((i: { name: string }) => i.name)).not.toContain(
      'orders',
    );
    expect(res.body.totalCount).toBe(6);
  });

  it.each([
    [{ limit: '501' }, 'Invalid query: limit: expected at most 500'],
    [
      { status: 'great' },
      'Invalid query: status: expected one of under-provisioned, over-provisioned, aligned, insufficient-data',
    ],
    [
      { sort: 'colour' },
      "Invalid query: sort: expected one of name, owner, system, currentTier, recommendedTier, status, readinessScore, activeUsers, practicesScore, optionally prefixed with '-'",
    ],
    [
      { owner: 'platform' },
      "Invalid query: owner: expected a full entity ref such as 'group:default/payments'",
    ],
    [{ colour: 'red' }, 'Invalid query: unknown parameter colour'],
  ])('rejects the overview query %j with 400', async (query, message) => {
    const res = await request(server)
      .get('/api/scaling/overview')
      .query(query)
      .set('Authorization', USER);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('exports CSV that parses back to the JSON rows', async () => {
    const query = { sort: 'name' };
    const [json, csv] = await Promise.all([
      request(server)
        .get('/api/scaling/overview')
        .query({ ...query, limit: 500 })
        .set('Authorization', USER),
      request(server)
        .get('/api/scaling/overview.csv')
        .query(query)
        .set('Authorization', USER),
    ]);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual([
      'entityRef',
      'name',
      'kind',
      'owner',
      'system',
      'currentTier',
      'recommendedTier',
      'status',
      'readinessScore',
      'activeUsers',
      'findings',
      'practicesScore',
      'failingPractices',
    ]);
    const items = (json.body as OverviewResponse).items;
    expect(rows).toEqual(
      items.map(i => [
        i.entityRef,
        i.name,
        i.kind,
        i.owner ?? '',
        i.system ?? '',
        i.currentTier ?? '',
        i.recommendedTier ?? '',
        i.status,
        i.readinessScore === null ? '' : String(i.readinessScore),
        i.activeUsers === null ? '' : String(i.activeUsers),
        i.findings.map(f => f.id).join(';'),
        i.practicesScore === null ? '' : String(i.practicesScore),
        (i.practices?.failed ?? []).join(';'),
      ]),
    );
  });

  it('simulates a what-if', async () => {
    const res = await request(server)
      .post('/api/scaling/simulate')
      .set('Authorization', USER)
      .send({
        annotations: {
          'scaling.io/active-users': '12000',
          'scaling.io/uptime-sla': '99.9',
        },
        context: { serviceCount: 2, teamK8sExpertise: false },
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: null,
      recommendedTier: 'managed-cloud',
      kubernetesCriteria: { met: 2, required: 3 },
    });
  });

  it.each([
    [{}, 'Invalid body: annotations: required'],
    [
      { annotations: { 'scaling.io/active-users': 5 } },
      'Invalid body: annotations.scaling.io/active-users: expected a string',
    ],
    [
      { annotations: {}, context: { serviceCount: 'many' } },
      'Invalid body: context.serviceCount: Expected number, received string',
    ],
    [
      { annotations: {}, extra: 1 },
      "Invalid body: body: Unrecognized key(s) in object: 'extra'",
    ],
  ])(
    'rejects the simulate body %j with 400 naming the field',
    async (body, message) => {
      const res = await request(server)
        .post('/api/scaling/simulate')
        .set('Authorization', USER)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    },
  );
});

describe('scaling backend configuration', () => {
  it('applies threshold overrides from app-config', async () => {
    const server = await startBackend({
      scaling: { thresholds: { users: { managedCloud: 100 } } },
    });
    const res = await request(server)
      .get('/api/scaling/assessments/component/default/checkout')
      .set('Authorization', USER);
    // 200 users: single VPS by default, managed cloud from 100 users.
    expect(res.body.recommendedTier).toBe('managed-cloud');
    expect(res.body.status).toBe('under-provisioned');
  });

  it.each([
    [
      { thresholds: { users: { kubernetes: 'lots' } } },
      'scaling.thresholds.users.kubernetes',
    ],
    [
      { thresholds: { sla: { kubernetes: 99.99 } } },
      'scaling.thresholds.sla.enterprise',
    ],
    [
      { kubernetesGate: { minCriteria: 9 } },
      'scaling.kubernetesGate.minCriteria',
    ],
    [{ scan: { snapshotInterval: 'soon' } }, 'scaling.scan.snapshotInterval'],
  ])(
    'fails startup on invalid config %j naming the key',
    async (scaling, key) => {
      await expect(startBackend({ scaling })).rejects.toThrow(key);
    },
  );
});

describe('scaling backend when the catalog fails', () => {
  it('answers 503 naming the catalog, without a stack trace', async () => {
    const failing = catalogServiceMock.mock({
      getEntityByRef: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      },
      queryEntities: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      },
    });
    const server = await startBackend(
      {},
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => failing,
      }) as any,
    );
    for (const path of [
      '/api/scaling/assessments/component/default/orders',
      '/api/scaling/overview',
    ]) {
      const res = await request(server).get(path).set('Authorization', USER);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^The catalog is unavailable \(.+\): connect ECONNREFUSED/,
      );
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.ts:\d+/);
    }
  });
});

/** A small RFC 4180 parser, so the test does not trust the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
