/*
 * The repository module in a real backend, for the integration tests: the real catalog (which
 * reads each repository's catalog-info.yaml through the same UrlReader, and sets its
 * source-location), the scaling backend and this module, against a loopback GitHub. Nothing runs
 * on its own schedule: a test runs the refresh and the scan when it wants.
 */
import {
  SchedulerService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  Assessment,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import path from 'node:path';
// The module is tested inside the real backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import request from 'supertest';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import repositoryModule from '../index';
import {
  FakeRepository,
  GithubApiServer,
  githubIntegrationConfig,
} from './githubApiServer';

export const AUTH = { Authorization: `Bearer ${mockCredentials.user.token()}` };
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
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

/** Gives the test the scaling plugin's scheduler, to run its tasks now. */
function schedulerCapture() {
  const captured: { scheduler?: SchedulerService } = {};
  const module = createBackendModule({
    pluginId: 'scaling',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });
  return { module, captured };
}

/** The catalog-info.yaml of a repository, as the catalog's url location. */
function locationOf(r: FakeRepository) {
  return {
    type: 'url',
    target: `https://github.test/${r.owner}/${r.name}/blob/main/catalog-info.yaml`,
  };
}

const TEMPLATES = path.resolve(__dirname, '../../../../templates/all.yaml');

/** The catalog-info.yaml of every repository, as the catalog's url locations. */
function locationsOf(repositories: FakeRepository[]) {
  return repositories.filter(r => r.files['catalog-info.yaml']).map(locationOf);
}

const POLICY = [
  {
    filter: { 'spec.lifecycle': 'production' },
    annotations: { 'scaling.io/uptime-sla': '99.9' },
  },
  {
    filter: { 'spec.lifecycle': 'experimental' },
    annotations: { 'scaling.io/uptime-sla': '99' },
  },
];

// Nothing runs on its own schedule during a test: the test runs each task when it wants.
const MANUAL = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

export async function startBackend(
  server: GithubApiServer,
  repositories: FakeRepository[],
  options: {
    /** `scaling.repository` beyond the manual schedule (every trigger reads everything). */
    repository?: JsonObject;
    /**
     * Backstage's real scheduler, which runs tasks on their schedules (the test backend's
     * mock runs them only when triggered).
     */
    scheduled?: boolean;
  } = {},
) {
  const { module, captured } = schedulerCapture();
  const config: JsonObject = {
    ...githubIntegrationConfig(server),
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Group',
            'User',
            'Domain',
            'Template',
          ],
        },
      ],
      // The product's templates: the practices template is offered from this module's evidence.
      locations: [
        ...locationsOf(repositories),
        { type: 'file', target: TEMPLATES },
      ],
    },
    scaling: {
      defaults: POLICY,
      scan: { schedule: MANUAL },
      // Every triggered refresh reads every repository again (an unchanged one: one request).
      repository: {
        schedule: MANUAL,
        refreshEvery: { milliseconds: 1 },
        ...options.repository,
      },
    },
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogScaffolderModule,
      scalingPlugin,
      repositoryModule,
      module,
      perPluginDatabase,
      mockServices.rootConfig.factory({ data: config }),
      ...(options.scheduled ? [schedulerServiceFactory] : []),
    ],
  });
  return {
    http: backend.server,
    scheduler: () => captured.scheduler!,
    stop: () => backend.stop(),
  };
}

export type Backend = Awaited<ReturnType<typeof startBackend>>;

/** The tree reads a refresh made (the catalog's own reads of catalog-info.yaml left out). */
export function treeRequests(server: GithubApiServer, repo?: string) {
  return server
    .requests()
    .filter(r => r.path.includes('/commits/') || r.path.includes('/tarball'))
    .filter(r => !repo || r.path.startsWith(`/repos/acme/${repo}/`));
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

export async function components(
  backend: Backend,
  kind = 'component',
): Promise<Entity[]> {
  const res = await request(backend.http)
    .get(`/api/catalog/entities?filter=kind=${kind}`)
    .set(AUTH);
  return res.body as Entity[];
}

/** Registers a repository's catalog-info.yaml through the catalog's API, as a user would. */
export async function registerLocation(
  backend: Backend,
  repository: FakeRepository,
): Promise<void> {
  const res = await request(backend.http)
    .post('/api/catalog/locations')
    .set(AUTH)
    .send(locationOf(repository));
  expect(res.status).toBe(201);
}

export async function overview(backend: Backend): Promise<OverviewResponse> {
  const res = await request(backend.http)
    .get('/api/scaling/overview?limit=500')
    .set(AUTH);
  expect(res.status).toBe(200);
  return res.body as OverviewResponse;
}

export async function assessment(
  backend: Backend,
  name: string,
): Promise<Assessment> {
  const res = await request(backend.http)
    .get(`/api/scaling/assessments/component/default/${name}`)
    .set(AUTH);
  expect(res.status).toBe(200);
  return res.body as Assessment;
}

/** Runs the refresh, which triggers the scan, and waits for a scan newer than `after`. */
export async function refreshAndScan(backend: Backend, after?: string) {
  await backend.scheduler().triggerTask('scaling-repository-refresh');
  return until('a scan after the refresh', async () => {
    const body = await overview(backend);
    const finished = body.lastScan?.finishedAt;
    return finished && (!after || finished > after) ? body : undefined;
  });
}
