/*
 * The refresh at an org's scale, through the loopback GitHub (with GitHub's archive redirect to a
 * second host, and its primary rate limit), the real GitHub UrlReader and the real catalog: a
 * Component registered after the first refresh gets its evidence within the next runs, and an
 * org of three times the rate limit's window is read within a few windows, with the catalog's
 * own reads (the same token) never refused.
 */
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  FakeRepository,
  GithubApiServer,
} from './__testUtils__/githubApiServer';
import {
  Backend,
  assessment,
  components,
  overview,
  registerLocation,
  startBackend,
  until,
} from './__testUtils__/moduleBackend';

jest.setTimeout(180_000);

/** A service repository: a Compose file whose service builds the repository, with a health check. */
function serviceRepository(name: string): FakeRepository {
  return {
    owner: 'acme',
    name,
    defaultBranch: 'main',
    files: {
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    github.com/project-slug: acme/${name}
spec:
  type: service
  lifecycle: production
  owner: team-a
`,
      Dockerfile: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "server.js"]\n',
      'docker-compose.yml': `services:
  ${name}:
    build: .
    ports:
      - "8080:8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]
`,
    },
  };
}

function repositoryEvidence(a: Assessment) {
  return Object.fromEntries(
    a.evidence.items
      .filter(i => i.source === 'repository')
      .map(i => [i.key, i.value]),
  );
}

/** Runs every second, as the default runs every minute. */
const EVERY_SECOND = {
  frequency: { seconds: 1 },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 1 },
};

describe('a Component registered after the first refresh', () => {
  let server: GithubApiServer;
  let backend: Backend;

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('has its evidence at the next runs, while the others are not read again', async () => {
    const first = ['orders', 'billing'].map(serviceRepository);
    const late = serviceRepository('latecomer');
    server = await GithubApiServer.start([...first, late]);
    backend = await startBackend(server, first, {
      repository: { schedule: EVERY_SECOND, refreshEvery: { hours: 6 } },
      scheduled: true,
    });
    await until('the catalog to hold the first repositories', async () => {
      const names = (await components(backend)).map(e => e.metadata.name);
      return first.every(r => names.includes(r.name)) ? true : undefined;
    });
    await until(
      'the first refresh to read the first repositories',
      async () => {
        const a = await assessment(backend, 'billing');
        return repositoryEvidence(a).healthEndpoint ? a : undefined;
      },
    );
    server.resetRequests();

    const registeredAt = Date.now();
    await registerLocation(backend, late);
    await until('the catalog to hold the latecomer', async () =>
      (await components(backend)).find(e => e.metadata.name === 'latecomer'),
    );
    const evidence = await until('the latecomer evidence', async () => {
      const found = repositoryEvidence(await assessment(backend, 'latecomer'));
      return found.healthEndpoint ? found : undefined;
    });
    const seconds = (Date.now() - registeredAt) / 1000;
    expect(evidence).toMatchObject({
      platform: 'docker-compose',
      healthEndpoint: '/healthz',
      containerized: true,
    });
    // With runs every second; by default they run every minute (config.test.ts).
    expect(seconds).toBeLessThan(30);
    // Only the latecomer was read: the others are not due for 6 hours.
    const treeReads = server
      .requests()
      .filter(r => r.path.includes('/commits/') || r.path.includes('/tarball'));
    expect(treeReads.map(r => r.path.split('/')[3])).toEqual([
      'latecomer',
      'latecomer',
    ]);
    // The archive came from the archive host, which never saw the API token.
    expect(server.archiveRequests()).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^\/acme\/latecomer\/legacy\.tar\.gz\//),
        authorization: false,
        status: 200,
      }),
    ]);
  });
});

describe('an org of three windows of the rate limit, registered while the module reads', () => {
  // GitHub's primary limit, scaled down: 60 requests per 2-second window per credential.
  const LIMIT = 60;
  const WINDOW_MS = 2_000;
  const SHARE = 0.5;
  const repositories = Array.from({ length: 3 * LIMIT }, (_, i) =>
    serviceRepository(`svc-${String(i).padStart(3, '0')}`),
  );
  let server: GithubApiServer;
  let backend: Backend;

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('reads every repository within a few windows, refused at most twice, the catalog never', async () => {
    server = await GithubApiServer.start(repositories, {
      rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
    });
    backend = await startBackend(server, [], {
      repository: {
        schedule: EVERY_SECOND,
        refreshEvery: { hours: 6 },
        rateLimit: { share: SHARE },
      },
      scheduled: true,
    });
    // The catalog fills as a real one does: a quarter of a window's allowance of new
    // locations per window, each read by the catalog with the module's token.
    const app = backend;
    for (let i = 0; i < repositories.length; i += LIMIT / 4) {
      const batch = repositories.slice(i, i + LIMIT / 4);
      await Promise.all(batch.map(r => registerLocation(app, r)));
      await new Promise(r => setTimeout(r, WINDOW_MS));
    }
    // Windows as the server counts them: each lasts until the reset it announces.
    const registered = server.rateLimitWindows();
    await until(
      'every repository read',
      async () => {
        const progress = await providerProgress(backend);
        return progress && progress.done === repositories.length
          ? progress
          : undefined;
      },
      120_000,
    );
    const windows = server.rateLimitWindows();
    const windowsAfter = windows - registered;
    // At its share, the module can make 30 requests a window: 2 per repository, so 12 windows
    // at the least for the 180, whenever they are registered.
    const fewest = (2 * repositories.length) / (SHARE * LIMIT);
    const refusals = server.refusals();
    const catalogReads = server
      .requests()
      .filter(r => r.path.includes('/contents/'));
    const catalogRefusals = refusals.filter(r => r.path.includes('/contents/'));
    const moduleRefusals = refusals.filter(
      r => r.path.includes('/commits/') || r.path.includes('/tarball'),
    );
    // eslint-disable-next-line no-console
    console.log(
      `read ${repositories.length} repositories (limit ${LIMIT} per ${WINDOW_MS} ms, share ${SHARE}) in ${windows} windows (${fewest} at the least), ${windowsAfter} after the last registration; catalog reads ${catalogReads.length}, refused ${catalogRefusals.length}; module refused ${moduleRefusals.length}`,
    );
    expect(catalogReads.length).toBeGreaterThanOrEqual(repositories.length);
    expect(catalogRefusals).toEqual([]);
    expect(moduleRefusals.length).toBeLessThanOrEqual(2);
    // The module keeps up with the catalog as it fills: once the last location is in, what is
    // left is read within a few windows, and the whole within a few windows of the fewest.
    expect(windowsAfter).toBeLessThanOrEqual(6);
    expect(windows).toBeLessThanOrEqual(fewest + 6);
    // Two requests per repository, as without a limit.
    const treeReads = server
      .requests()
      .filter(
        r =>
          !r.refused &&
          (r.path.includes('/commits/') || r.path.includes('/tarball')),
      );
    expect(treeReads.length).toBe(2 * repositories.length);
    const a = await assessment(backend, 'svc-123');
    expect(repositoryEvidence(a)).toMatchObject({ healthEndpoint: '/healthz' });
  });
});

async function providerProgress(backend: Backend) {
  const body = await overview(backend);
  return body.coverage.providers.find(p => p.id === 'repository')?.progress;
}

describe('a rate-limit refusal', () => {
  const LIMIT = 40;
  const WINDOW_MS = 3_000;
  const repositories = Array.from({ length: 12 }, (_, i) =>
    serviceRepository(`api-${i}`),
  );
  let server: GithubApiServer;
  let backend: Backend;

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('pauses the host until the reset GitHub names, then reads the rest in the same run', async () => {
    server = await GithubApiServer.start(repositories, {
      rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
    });
    backend = await startBackend(server, repositories, {
      repository: { rateLimit: { share: 1 } },
    });
    await until('the catalog to hold the repositories', async () =>
      (await components(backend)).length >= repositories.length
        ? true
        : undefined,
    );
    // Someone else with the same token spends the whole allowance as soon as the module has
    // started reading: its next reads are refused.
    const other = { Authorization: 'Bearer test-token' };
    const spender = (async () => {
      await until('the module to start reading', async () =>
        server.requests().some(r => r.path.includes('/commits/'))
          ? true
          : undefined,
      );
      for (;;) {
        const res = await fetch(`${server.baseUrl}/repos/acme/api-0`, {
          headers: other,
        });
        if (res.status === 403) return;
      }
    })();
    server.resetRequests();
    const started = Date.now();
    await backend.scheduler().triggerTask('scaling-repository-refresh');
    await spender;
    const treeReads = server
      .requests()
      .filter(r => r.path.includes('/commits/') || r.path.includes('/tarball'));
    const refused = treeReads.filter(r => r.refused);
    // Refused at most once per read in flight (4 at a time), then paused until the reset.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS / 2);
    const progress = await providerProgress(backend);
    expect(progress).toMatchObject({
      done: repositories.length,
      total: repositories.length,
    });
    expect(
      treeReads.filter(r => !r.refused && r.path.includes('/tarball')),
    ).toHaveLength(repositories.length);
  });
});
