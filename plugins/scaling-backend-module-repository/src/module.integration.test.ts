import {
  HOSTILE_REPOSITORY_NAMES,
  acmeRepositories,
  hostileRepositories,
} from './__fixtures__';
import { GithubApiServer } from './__testUtils__/githubApiServer';
import {
  startBackend,
  Backend,
  treeRequests,
  until,
  components,
  overview,
  assessment,
  refreshAndScan,
} from './__testUtils__/moduleBackend';

jest.setTimeout(120_000);

describe("the repository module on Backstage's example org, registered from its repositories", () => {
  const repositories = acmeRepositories();
  let server: GithubApiServer;
  let backend: Backend;

  beforeAll(async () => {
    server = await GithubApiServer.start(repositories);
    backend = await startBackend(server, repositories);
    // The catalog reads every catalog-info.yaml through the same UrlReader, and sets each
    // entity's backstage.io/source-location itself.
    await until('the catalog to hold the example components', async () => {
      const found = await components(backend);
      return found.length >= 15 ? found : undefined;
    });
    // And the templates, before the first assessment lists them (the plugin keeps the list).
    await until('the catalog to hold the practices template', async () =>
      (await components(backend, 'template')).some(
        t => t.metadata.name === 'scaling-practices',
      )
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('gives at least 80% of the deployable services a current tier and a recommendation, with no annotation', async () => {
    const all = await components(backend);
    expect(
      all.every(
        c =>
          !Object.keys(c.metadata.annotations ?? {}).some(k =>
            k.startsWith('scaling.io/'),
          ),
      ),
    ).toBe(true);
    expect(
      all.find(c => c.metadata.name === 'petstore')?.metadata.annotations?.[
        'backstage.io/source-location'
      ],
    ).toBe('url:https://github.test/acme/petstore/tree/main/');

    const before = await overview(backend);
    const beforeKnown = before.items.filter(
      i => i.currentTier && i.recommendedTier,
    ).length;

    server.resetRequests();
    const after = await refreshAndScan(backend);
    const deployable = all.filter(c =>
      ['service', 'website'].includes(String(c.spec?.type)),
    );
    const assessed = after.items.filter(
      i => i.currentTier !== null && i.recommendedTier !== null,
    );
    // eslint-disable-next-line no-console
    console.log(
      `day one: ${beforeKnown} of ${before.totalCount} deployable services with a current tier and a recommendation before the refresh, ${assessed.length} of ${after.totalCount} after`,
    );
    expect(after.totalCount).toBe(deployable.length);
    expect(assessed.length / deployable.length).toBeGreaterThanOrEqual(0.8);
    expect(beforeKnown).toBe(0);

    // Each repository was read once, however many entities it holds: its commit status and
    // its archive.
    for (const repo of repositories.filter(r => r.name !== 'org')) {
      expect([repo.name, treeRequests(server, repo.name).length]).toEqual([
        repo.name,
        2,
      ]);
    }
  });

  it('leaves the library out and answers it not-applicable', async () => {
    const body = await overview(backend);
    expect(body.items.map(i => i.name)).not.toContain('playback-sdk');
    const sdk = await assessment(backend, 'playback-sdk');
    expect(sdk.status).toBe('not-applicable');
  });

  it('says where each value came from: the file, or the policy rule', async () => {
    const petstore = await assessment(backend, 'petstore');
    expect(petstore.signals.platform).toMatchObject({
      value: 'kubernetes',
      source: 'repository',
    });
    expect(petstore.signals.platform.evidence).toMatch(/^k8s\//);
    expect(petstore.signals.uptimeSla).toMatchObject({
      value: 99.9,
      source: 'repository',
    });
    expect(petstore.signals.uptimeSla.evidence).toMatch(
      /^slo\/availability\.yaml/,
    );

    const searcher = await assessment(backend, 'searcher');
    expect(searcher.signals.platform).toMatchObject({
      value: 'docker-compose',
      source: 'repository',
    });
    // No SLO in the repository: the org policy's rule for the lifecycle.
    expect(searcher.signals.uptimeSla).toMatchObject({
      value: 99.9,
      source: 'config',
      evidence: 'scaling.defaults[0]',
    });
    const podcast = await assessment(backend, 'podcast-api');
    expect(podcast.signals.uptimeSla).toMatchObject({
      value: 99,
      source: 'config',
      evidence: 'scaling.defaults[1]',
    });

    // Compose next to Kubernetes manifests is local development.
    expect(
      (await assessment(backend, 'wayback-archive')).signals.platform.value,
    ).toBe('kubernetes');
    expect(
      (await assessment(backend, 'playback-order')).signals.platform.value,
    ).toBe('ecs-fargate');
    expect(
      (await assessment(backend, 'podcast-api')).signals.platform.value,
    ).toBe('cloud-run');
    expect(
      (await assessment(backend, 'www-artist')).signals.platform.value,
    ).toBe('azure-container-instances');
    expect(
      (await assessment(backend, 'wayback-archive-storage')).signals.platform
        .value,
    ).toBeNull();
  });

  it('reads each service of a monorepo at its own folder, from one read of the repository', async () => {
    expect(
      (await assessment(backend, 'playlist-api')).signals.platform.value,
    ).toBe('kubernetes');
    expect(
      (await assessment(backend, 'playlist-worker')).signals.platform.value,
    ).toBe('cloud-run');
  });

  it("says how well each service runs where it is: the guide's practices, both ways, from its files", async () => {
    const practices = async (name: string) =>
      Object.fromEntries(
        ((await assessment(backend, name)).practices?.items ?? []).map(i => [
          i.id,
          i.passed,
        ]),
      );
    // petstore: probes, an HPA and a ServiceMonitor; no PDB, policy or securityContext.
    expect(await practices('petstore')).toMatchObject({
      probes: true,
      autoscaling: true,
      'metrics-exporter': true,
      'disruption-budget': false,
      'network-policy': false,
      'pod-security': false,
    });
    // wayback-search: a Deployment without probes; nothing says how it logs.
    expect(await practices('wayback-search')).toMatchObject({
      probes: false,
      'structured-logging': null,
    });
    // Its manifest is plain YAML: the practices template is offered with that file, its URL as
    // the GitHub integration resolves it, and what fails there.
    const offers = (await assessment(backend, 'wayback-search')).templates;
    expect(offers.filter(t => t.purpose === 'practices')).toEqual([
      expect.objectContaining({
        entityRef: 'template:default/scaling-practices',
        formData: expect.objectContaining({
          manifests: [
            {
              path: 'deploy/k8s/deployment.yaml',
              url: 'https://github.test/acme/wayback-search/tree/main/deploy/k8s/deployment.yaml',
            },
          ],
          practices: expect.arrayContaining([
            'disruption-budget',
            'requests-and-limits',
            'probes',
          ]),
        }),
      }),
    ]);
    // petstore has its probes: the offer leaves them out.
    const petstore = (await assessment(backend, 'petstore')).templates.find(
      t => t.purpose === 'practices',
    );
    expect(petstore?.formData).toMatchObject({
      manifests: [expect.objectContaining({ path: 'k8s/deployment.yaml' })],
    });
    expect(petstore?.formData.practices).toEqual(
      expect.arrayContaining(['disruption-budget', 'pod-security']),
    );
    expect(petstore?.formData.practices).not.toContain('probes');
    // wayback-archive-ingestion: OpenTelemetry's exporter configured, W3C by default.
    expect(await practices('wayback-archive-ingestion')).toMatchObject({
      'trace-context': true,
    });
    // On managed cloud: two Fargate tasks; a Cloud Run service kept at one instance.
    expect(await practices('playback-order')).toMatchObject({
      'min-two-instances': true,
    });
    expect(await practices('podcast-api')).toMatchObject({
      'min-two-instances': false,
    });
  });

  it('reports coverage', async () => {
    const body = await overview(backend);
    expect(body.coverage.services).toBe(body.totalCount);
    expect(
      body.coverage.signals.platform.bySource.repository,
    ).toBeGreaterThanOrEqual(Math.ceil(0.8 * body.totalCount));
    expect(body.coverage.signals.uptimeSla.unknown).toBe(0);
  });

  it('makes one request per unchanged repository on the next refresh, and keeps its facts', async () => {
    const last = (await overview(backend)).lastScan!.finishedAt!;
    server.resetRequests();
    await backend.scheduler().triggerTask('scaling-repository-refresh');
    await until('every repository to be asked again', async () =>
      repositories.every(
        r => r.name === 'org' || treeRequests(server, r.name).length >= 1,
      )
        ? true
        : undefined,
    );
    // Give the refresh time to finish; then nothing but commit statuses was asked for.
    await new Promise(r => setTimeout(r, 1000));
    const requests = treeRequests(server);
    // eslint-disable-next-line no-console
    console.log(
      `second, unchanged refresh: ${requests.length} requests for ${repositories.length - 1} repositories`,
    );
    expect(requests.length).toBe(repositories.length - 1);
    expect(requests.filter(r => r.path.includes('/tarball')).length).toBe(0);
    // An unchanged refresh triggers no scan; the facts are unchanged.
    expect((await overview(backend)).lastScan!.finishedAt).toBe(last);
    expect((await assessment(backend, 'petstore')).signals.platform.value).toBe(
      'kubernetes',
    );
  });

  it('reads a changed repository again and updates its assessment', async () => {
    const last = (await overview(backend)).lastScan!.finishedAt!;
    const searcher = repositories.find(r => r.name === 'searcher')!;
    server.setRepository({
      ...searcher,
      files: {
        ...searcher.files,
        'k8s/deployment.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: searcher }',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: searcher',
          '          image: ghcr.io/acme/searcher:1.0',
        ].join('\n'),
      },
    });
    await refreshAndScan(backend, last);
    expect((await assessment(backend, 'searcher')).signals.platform.value).toBe(
      'kubernetes',
    );
  });
});

describe('the repository module on hostile repositories', () => {
  const repositories = hostileRepositories();
  let server: GithubApiServer;
  let backend: Backend;

  beforeAll(async () => {
    server = await GithubApiServer.start(repositories);
    backend = await startBackend(server, repositories);
    await until('the catalog to hold the hostile components', async () => {
      const found = await components(backend);
      return found.length >= repositories.length ? found : undefined;
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('neither crashes nor hangs a scan, and names what it skipped', async () => {
    const started = Date.now();
    const body = await refreshAndScan(backend);
    // eslint-disable-next-line no-console
    console.log(`hostile refresh and scan: ${Date.now() - started} ms`);
    expect(body.totalCount).toBe(repositories.length);

    const skipped = async (name: string) =>
      (await assessment(backend, name)).findings
        .filter(f => f.id === 'repository-content-skipped')
        .map(f => f.message)
        .join('\n');
    expect(await skipped(HOSTILE_REPOSITORY_NAMES.largeYaml)).toMatch(
      /larger than 512 kB; not read/,
    );
    expect(await skipped(HOSTILE_REPOSITORY_NAMES.manyFiles)).toMatch(
      /more than 5000 files; it is not read/,
    );
    expect(await skipped(HOSTILE_REPOSITORY_NAMES.aliasBomb)).toMatch(/alias/i);
    expect(await skipped(HOSTILE_REPOSITORY_NAMES.symlinks)).toMatch(
      /outside the repository; not followed/,
    );
    // Whatever else they hold is still read: the ordinary Deployment next to the large file.
    expect(
      (await assessment(backend, HOSTILE_REPOSITORY_NAMES.largeYaml)).signals
        .platform.value,
    ).toBe('kubernetes');
    expect(
      (await assessment(backend, HOSTILE_REPOSITORY_NAMES.malformed)).status,
    ).not.toBe('not-applicable');
  });

  it('reports a repository that cannot be read, and the assessment goes on', async () => {
    const last = (await overview(backend)).lastScan!.finishedAt!;
    server.deleteRepository('acme', HOSTILE_REPOSITORY_NAMES.malformed);
    await backend.scheduler().triggerTask('scaling-repository-refresh');
    const found = await until('the unreadable repository finding', async () => {
      const result = await assessment(
        backend,
        HOSTILE_REPOSITORY_NAMES.malformed,
      );
      return result.findings.find(f => f.id === 'repository-unreadable');
    });
    expect(found.message).toMatch(/hostile-malformed/);
    expect((await overview(backend)).lastScan!.finishedAt! >= last).toBe(true);
  });
});
