import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  HttpAuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Request } from 'express';
import {
  TestDatabases,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  OverviewCoverage,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import request from 'supertest';
import { stringify } from 'yaml';
import { scalingPlugin } from '../plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** May not read the entities tagged `secret`. */
const ALICE = mockCredentials.user.header('user:default/alice');
/** The control: may read everything. */
const ADMIN_REF = 'user:default/admin';
const ADMIN = mockCredentials.user.header(ADMIN_REF);

const SECRET_TAG = 'secret';

type Tier = 'single-vps' | 'managed-cloud' | 'kubernetes' | 'enterprise';
type Status =
  'under-provisioned' | 'over-provisioned' | 'aligned' | 'insufficient-data';

/**
 * The Components, with what the rules make of each, worked out by hand from docs/rules.md
 * (no SLA, no budget, under 10,000 users and fewer than five Components per System: the
 * users alone decide the demand, and no System's size changes a recommendation).
 */
interface Service {
  name: string;
  secret: boolean;
  owner: string;
  system: string;
  platform: string;
  activeUsers?: number;
  currentTier: Tier;
  recommendedTier: Tier | null;
  status: Status;
}

const SERVICES: Service[] = [
  {
    name: 'pay-api',
    secret: false,
    owner: 'team-a',
    system: 'alpha',
    platform: 'vps',
    activeUsers: 3000,
    currentTier: 'single-vps',
    recommendedTier: 'managed-cloud',
    status: 'under-provisioned',
  },
  {
    name: 'pay-web',
    secret: false,
    owner: 'team-a',
    system: 'alpha',
    platform: 'ecs-fargate',
    activeUsers: 200,
    currentTier: 'managed-cloud',
    recommendedTier: 'single-vps',
    status: 'over-provisioned',
  },
  {
    name: 'docs',
    secret: false,
    owner: 'team-b',
    system: 'beta',
    platform: 'docker-compose',
    activeUsers: 300,
    currentTier: 'single-vps',
    recommendedTier: 'single-vps',
    status: 'aligned',
  },
  {
    name: 'idle',
    secret: false,
    owner: 'team-b',
    system: 'beta',
    platform: 'vps',
    currentTier: 'single-vps',
    recommendedTier: null,
    status: 'insufficient-data',
  },
  {
    name: 'vault',
    secret: true,
    owner: 'team-a',
    system: 'alpha',
    platform: 'vps',
    activeUsers: 5000,
    currentTier: 'single-vps',
    recommendedTier: 'managed-cloud',
    status: 'under-provisioned',
  },
  {
    name: 'ledger',
    secret: true,
    owner: 'team-b',
    system: 'beta',
    platform: 'ecs-fargate',
    activeUsers: 2000,
    currentTier: 'managed-cloud',
    recommendedTier: 'managed-cloud',
    status: 'aligned',
  },
  // The only Component of its owner and of its System.
  {
    name: 'shadow',
    secret: true,
    owner: 'team-c',
    system: 'gamma',
    platform: 'eks',
    activeUsers: 100,
    currentTier: 'kubernetes',
    recommendedTier: 'single-vps',
    status: 'over-provisioned',
  },
];

const SECRET_NAMES = SERVICES.filter(s => s.secret).map(s => s.name);
const VISIBLE = SERVICES.filter(s => !s.secret);

function componentEntity(s: Service): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: s.name,
      ...(s.secret ? { tags: [SECRET_TAG] } : {}),
      annotations: {
        'scaling.io/platform': s.platform,
        ...(s.activeUsers !== undefined
          ? { 'scaling.io/active-users': String(s.activeUsers) }
          : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${s.owner}`,
      system: `system:default/${s.system}`,
    },
  };
}

const ENTITIES: Entity[] = [
  ...['team-a', 'team-b', 'team-c'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [] },
  })),
  ...['alpha', 'beta', 'gamma'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name },
    spec: { owner: 'group:default/team-a' },
  })),
  ...SERVICES.map(componentEntity),
];

/**
 * The org's policy: nobody but the admin may read an entity tagged `secret`, as a conditional
 * decision the catalog turns into its own query filter; everything else is allowed.
 */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-secret-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (
              user?.info.userEntityRef !== ADMIN_REF &&
              isResourcePermission(req.permission, 'catalog-entity') &&
              req.permission.name === 'catalog.entity.read'
            ) {
              return createCatalogConditionalDecision(req.permission, {
                not: catalogConditions.hasMetadata({
                  key: 'tags',
                  value: SECRET_TAG,
                }),
              });
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/** How the mock auth service's tokens a plugin sends on a user's behalf begin. */
const ON_BEHALF_OF_PREFIX = mockCredentials.service
  .token({ onBehalfOf: mockCredentials.user(), targetPluginId: 'any' })
  .split('{')[0];

/**
 * The mock HTTP auth service, except that a request a plugin makes on a user's behalf carries
 * an actor, as the real auth service's tokens do: the mock one leaves the actor out, and the
 * permission backend would then refuse the catalog's conditional authorizations as if the user
 * had asked directly ("Direct user requests without a resourceRef are not allowed").
 */
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const mock = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    const service: HttpAuthService = {
      async credentials(req: Request, options?: object) {
        const credentials = await mock.credentials(req, options);
        const header = req.headers.authorization ?? '';
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (
          principal.type === 'user' &&
          header.startsWith(`Bearer ${ON_BEHALF_OF_PREFIX}`)
        ) {
          return mockCredentials.user(principal.userEntityRef, {
            actor: { subject: 'plugin:on-behalf-of' },
          });
        }
        return credentials;
      },
      issueUserCookie: (res, options) => mock.issueUserCookie(res, options),
    } as HttpAuthService;
    return service;
  },
});

/** A database of its own for every plugin, as in production (closed by TestDatabases). */
const perPluginDatabase = createServiceFactory({
  service: coreServices.database,
  deps: {},
  async factory() {
    const knex = await databases.init('SQLITE_3');
    return { getClient: async () => knex };
  },
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Counts by key, every key of `keys` present (zero when none). */
function countBy<K extends string>(
  services: Service[],
  keys: readonly K[],
  key: (s: Service) => K,
): Record<K, number> {
  const counts = Object.fromEntries(keys.map(k => [k, 0])) as Record<K, number>;
  for (const s of services) counts[key(s)] += 1;
  return counts;
}

const TIER_KEYS = [
  'single-vps',
  'managed-cloud',
  'kubernetes',
  'enterprise',
  'unknown',
] as const;
const STATUS_KEYS = [
  'under-provisioned',
  'over-provisioned',
  'aligned',
  'insufficient-data',
] as const;

function expectedTotals(services: Service[]) {
  return {
    byCurrentTier: countBy(services, TIER_KEYS, s => s.currentTier),
    byRecommendedTier: countBy(
      services,
      TIER_KEYS,
      s => s.recommendedTier ?? 'unknown',
    ),
    byStatus: countBy(services, STATUS_KEYS, s => s.status),
  };
}

function expectCoverage(coverage: OverviewCoverage, services: Service[]) {
  expect(coverage.services).toBe(services.length);
  for (const signal of Object.values(coverage.signals)) {
    expect(signal.known + signal.unknown).toBe(services.length);
  }
  const withUsers = services.filter(s => s.activeUsers !== undefined).length;
  expect(coverage.signals.activeUsers).toMatchObject({
    known: withUsers,
    unknown: services.length - withUsers,
  });
  expect(coverage.signals.platform).toMatchObject({
    known: services.length,
    unknown: 0,
  });
}

const sortedNames = (services: Array<{ name: string }>) =>
  services.map(s => s.name).sort();

/** None of the secret entities' names anywhere in the text. */
function expectNoSecret(text: string) {
  for (const name of SECRET_NAMES) {
    expect(text).not.toContain(name);
  }
}

describe('under a permission policy that hides entities tagged secret', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const mockDir = createMockDirectory();

  beforeAll(async () => {
    mockDir.setContent({
      'catalog-info.yaml': ENTITIES.map(e => stringify(e)).join('---\n'),
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        policyModule,
        scalingPlugin,
        actionsRegistryServiceFactory,
        schedulerServiceFactory,
        perPluginDatabase,
        httpAuthWithActors,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            backend: { actions: { pluginSources: ['scaling'] } },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
              locations: [
                { type: 'file', target: mockDir.resolve('catalog-info.yaml') },
              ],
            },
            scaling: {
              scan: {
                // Only the scan the test starts runs.
                schedule: {
                  frequency: { trigger: 'manual' },
                  timeout: { seconds: 60 },
                },
              },
            },
          },
        }),
      ],
    });

    // Every Component processed and stitched with its owner and System relations.
    await until('the catalog to process the entities', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=kind=component&limit=100')
        .set('Authorization', ADMIN);
      if (!Array.isArray(res.body.items)) {
        throw new Error(`catalog answered ${res.status}: ${res.text}`);
      }
      const items = res.body.items as Entity[];
      const ready = items.filter(e =>
        ['ownedBy', 'partOf'].every(type =>
          e.relations?.some(r => r.type === type),
        ),
      );
      return ready.length === SERVICES.length ? true : undefined;
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string, auth: string) =>
    request(backend.server)
      .get(`/api/scaling${path}`)
      .set('Authorization', auth);

  const invoke = (id: string, input: object, auth: string) =>
    request(backend.server)
      .post(`/api/scaling/.backstage/actions/v1/actions/${id}/invoke`)
      .set('Authorization', auth)
      .send(input);

  async function overview(query: string, auth: string) {
    const res = await get(`/overview?limit=500${query}`, auth);
    expect(res.status).toBe(200);
    return res.body as OverviewResponse;
  }

  /** The overview under a filter: exactly the given services, counted over them only. */
  async function expectOverview(
    query: string,
    auth: string,
    services: Service[],
  ) {
    const body = await overview(query, auth);
    expect(sortedNames(body.items)).toEqual(sortedNames(services));
    expect(body.totalCount).toBe(services.length);
    expect(body.totals).toEqual(expectedTotals(services));
    expectCoverage(body.coverage, services);
    for (const s of services) {
      expect(body.items.find(i => i.name === s.name)).toMatchObject({
        entityRef: `component:default/${s.name}`,
        owner: `group:default/${s.owner}`,
        system: `system:default/${s.system}`,
        currentTier: s.currentTier,
        recommendedTier: s.recommendedTier,
        status: s.status,
      });
    }
    return body;
  }

  /** Every surface, for alice and for the admin, in the phase the overview is in. */
  async function checkEverySurface(phase: 'live' | 'stored') {
    const visibleTo = (auth: string) => (auth === ALICE ? VISIBLE : SERVICES);

    for (const auth of [ALICE, ADMIN]) {
      const services = visibleTo(auth);
      const of = (pick: (s: Service) => boolean) => services.filter(pick);

      const all = await expectOverview('', auth, services);
      if (phase === 'live') {
        expect(all.lastScan).toBeNull();
      } else {
        // How many entities the scan assessed tells nothing of the hidden ones either.
        expect(all.lastScan).toMatchObject({
          entities: services.length,
          stale: false,
        });
      }
      if (auth === ALICE) expectNoSecret(JSON.stringify(all));

      // Filters over owners and Systems with and without secret entities, and the ones
      // whose only Component is secret.
      for (const owner of ['team-a', 'team-b', 'team-c']) {
        const body = await expectOverview(
          `&owner=group:default/${owner}`,
          auth,
          of(s => s.owner === owner),
        );
        if (auth === ALICE) expectNoSecret(JSON.stringify(body));
        if (phase === 'stored') {
          expect(body.lastScan?.entities).toBe(services.length);
        }
      }
      for (const system of ['alpha', 'beta', 'gamma']) {
        await expectOverview(
          `&system=system:default/${system}`,
          auth,
          of(s => s.system === system),
        );
      }
      for (const name of SECRET_NAMES) {
        await expectOverview(
          `&q=${name}`,
          auth,
          of(s => s.name === name),
        );
      }
      await expectOverview(
        '&status=over-provisioned',
        auth,
        of(s => s.status === 'over-provisioned'),
      );

      // The CSV export: a header and one row per service the caller may see.
      const csv = await get('/overview.csv', auth);
      expect(csv.status).toBe(200);
      const rows = csv.text.trim().split('\r\n').slice(1);
      expect(rows).toHaveLength(services.length);
      for (const s of services) {
        expect(rows.some(r => r.includes(`component:default/${s.name}`))).toBe(
          true,
        );
      }
      if (auth === ALICE) expectNoSecret(csv.text);
      const filteredCsv = await get(
        '/overview.csv?owner=group:default/team-c',
        auth,
      );
      expect(filteredCsv.text.trim().split('\r\n')).toHaveLength(
        1 + of(s => s.owner === 'team-c').length,
      );

      // One entity's assessment and history.
      for (const s of SERVICES) {
        const expected = services.includes(s) ? 200 : 404;
        const assessment = await get(
          `/assessments/component/default/${s.name}`,
          auth,
        );
        expect({ name: s.name, status: assessment.status }).toEqual({
          name: s.name,
          status: expected,
        });
        const history = await get(
          `/assessments/component/default/${s.name}/history`,
          auth,
        );
        expect({ name: s.name, status: history.status }).toEqual({
          name: s.name,
          status: expected,
        });
        if (expected === 404) {
          expect(assessment.body.error.name).toBe('NotFoundError');
          expect(history.body.error.name).toBe('NotFoundError');
        } else {
          expect(assessment.body).toMatchObject({
            currentTier: s.currentTier,
            recommendedTier: s.recommendedTier,
            status: s.status,
          });
          expect(history.body.snapshots).toHaveLength(phase === 'live' ? 0 : 1);
        }
      }

      // The actions.
      for (const s of SERVICES) {
        const res = await invoke(
          'scaling:get-assessment',
          { entityRef: `component:default/${s.name}` },
          auth,
        );
        expect({ name: s.name, status: res.status }).toEqual({
          name: s.name,
          status: services.includes(s) ? 200 : 404,
        });
      }
      const listed = await invoke('scaling:list-services', {}, auth);
      expect(listed.status).toBe(200);
      expect(sortedNames(listed.body.output.items)).toEqual(
        sortedNames(services),
      );
      expect(listed.body.output.totalCount).toBe(services.length);
      if (auth === ALICE) expectNoSecret(JSON.stringify(listed.body));
      for (const filter of [
        { owner: 'group:default/team-c' },
        { system: 'system:default/gamma' },
        { q: 'vault' },
      ]) {
        const res = await invoke('scaling:list-services', filter, auth);
        expect(res.status).toBe(200);
        expect(res.body.output.totalCount).toBe(auth === ALICE ? 0 : 1);
      }
    }
  }

  it('the catalog itself applies the policy (the setup is real)', async () => {
    const hidden = await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/vault')
      .set('Authorization', ALICE);
    expect(hidden.status).toBe(404);
    const shown = await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/vault')
      .set('Authorization', ADMIN);
    expect(shown.status).toBe(200);
  });

  it('before the first scan, the live overview and every other surface leak nothing', async () => {
    // No scan has run: the overview is assessed live, with each caller's credentials.
    expect((await overview('', ADMIN)).lastScan).toBeNull();
    await checkEverySurface('live');
  });

  it('after the scan, the stored overview and every other surface leak nothing', async () => {
    const trigger = await request(backend.server)
      .post(
        '/api/scaling/.backstage/scheduler/v1/tasks/scaling-org-scan/trigger',
      )
      .set('Authorization', ADMIN);
    expect(trigger.status).toBe(200);
    const stored = await until('the scan to complete', async () => {
      const body = await overview('', ADMIN);
      return body.lastScan ? body : undefined;
    });
    // The scan runs with the plugin's own credentials: it stored every Component.
    expect(stored.lastScan!.entities).toBe(SERVICES.length);

    await checkEverySurface('stored');
  });
});
