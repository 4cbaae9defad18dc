import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { ScmRepository, ScmServer, ScmType } from './scmServer';

jest.setTimeout(120_000);

function catalogInfo(name: string): string {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-a',
    '',
  ].join('\n');
}

const NESTED = 'services/api v2/catalog-info.yaml';

function repository(
  type: ScmType,
  owner: string,
  name: string,
  defaultBranch?: string,
): ScmRepository {
  return {
    type,
    owner,
    name,
    defaultBranch,
    files: {
      'catalog-info.yaml': catalogInfo(`${name}-service`),
      [NESTED]: catalogInfo(`${name}-nested`),
    },
  };
}

const REPOS: Record<ScmType, ScmRepository> = {
  github: repository('github', 'acme', 'gh-repo'),
  gitlab: repository('gitlab', 'acme/backend', 'gl-repo', 'develop'),
  bitbucketServer: repository('bitbucketServer', 'PROJ', 'bbs-repo'),
  bitbucketCloud: repository('bitbucketCloud', 'acme-ws', 'bbc-repo'),
  azure: repository('azure', 'acme-org/platform', 'az-repo'),
};
const TYPES = Object.keys(REPOS) as ScmType[];

/** What each real reader asks for the root catalog-info.yaml (path as sent, and query). */
const EXPECTED_REQUEST: Record<ScmType, { path: string; query: string }> = {
  github: {
    path: '/github/repos/acme/gh-repo/contents/catalog-info.yaml',
    query: '?ref=main',
  },
  gitlab: {
    path: '/api/v4/projects/acme%2Fbackend%2Fgl-repo/repository/files/catalog-info.yaml/raw',
    query: '?ref=develop',
  },
  bitbucketServer: {
    path: '/bitbucket-server/rest/api/1.0/projects/PROJ/repos/bbs-repo/raw/catalog-info.yaml',
    query: '?at=main',
  },
  bitbucketCloud: {
    path: '/bitbucket-cloud/2.0/repositories/acme-ws/bbc-repo/src/main/catalog-info.yaml',
    query: '',
  },
  azure: {
    path: '/acme-org/platform/_apis/git/repositories/az-repo/items',
    query: '?api-version=6.0&path=%2Fcatalog-info.yaml&version=main',
  },
};

describe('ScmServer with the real UrlReaders', () => {
  let server: ScmServer;
  let reader: ReturnType<typeof UrlReaders.default>;

  beforeAll(async () => {
    server = await ScmServer.start(Object.values(REPOS));
    reader = UrlReaders.default({
      config: new ConfigReader(server.integrationsConfig()),
      logger: mockServices.logger.mock(),
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => server.resetRequests());

  describe.each(TYPES)('%s', type => {
    const repo = REPOS[type];

    it('reads catalog-info.yaml with readUrl, asking the API the reader uses', async () => {
      const response = await reader.readUrl(
        server.fileUrl(repo, 'catalog-info.yaml'),
      );
      expect((await response.buffer()).toString()).toBe(
        repo.files['catalog-info.yaml'],
      );
      expect(server.requests()).toEqual([
        { method: 'GET', type, ...EXPECTED_REQUEST[type] },
      ]);
    });

    it('reads a file in a folder whose name needs encoding', async () => {
      const response = await reader.readUrl(server.fileUrl(repo, NESTED));
      expect((await response.buffer()).toString()).toBe(repo.files[NESTED]);
    });

    it('rejects a missing file with NotFoundError', async () => {
      const missing = reader.readUrl(server.fileUrl(repo, 'missing.yaml'));
      // The name is what Backstage itself tests (UrlReaderProcessor, search()).
      await expect(missing).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('404'),
      });
      expect(server.requests()).toHaveLength(1);
    });

    it('searches a path without a glob: one file, or none when missing', async () => {
      const url = server.fileUrl(repo, 'catalog-info.yaml');
      const found = await reader.search(url);
      expect(found.files.map(f => f.url)).toEqual([url]);
      expect((await found.files[0].content()).toString()).toBe(
        repo.files['catalog-info.yaml'],
      );
      const none = await reader.search(server.fileUrl(repo, 'missing.yaml'));
      expect(none.files).toEqual([]);
    });

    it('gives treeUrl and managedByLocation as the integration resolves them', () => {
      const fileUrl = server.fileUrl(repo, 'catalog-info.yaml');
      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader(server.integrationsConfig()),
      );
      expect(integrations.byUrl(fileUrl)?.type).toBe(type);
      // AnnotateLocationEntityProcessor: source-location from './' against the location.
      expect(integrations.resolveUrl({ url: './', base: fileUrl })).toBe(
        server.treeUrl(repo),
      );
      // toAbsoluteUrl: the catalog resolves a url Location's target against itself.
      expect(
        `url:${integrations.resolveUrl({ url: fileUrl, base: fileUrl })}`,
      ).toBe(server.managedByLocation(repo, 'catalog-info.yaml'));
    });
  });

  it.each(TYPES.filter(t => t !== 'azure'))(
    '%s answers a matching If-None-Match with 304 (NotModifiedError)',
    async type => {
      const url = server.fileUrl(REPOS[type], 'catalog-info.yaml');
      const first = await reader.readUrl(url);
      expect(first.etag).toMatch(/^"[0-9a-f]{40}"$/);
      await expect(reader.readUrl(url, { etag: first.etag })).rejects.toThrow(
        expect.objectContaining({ name: 'NotModifiedError' }),
      );
    },
  );

  it('refuses readers without the configured credentials', async () => {
    const config = server.integrationsConfig() as any;
    config.integrations.github[0].token = 'wrong';
    config.integrations.gitlab[0].token = 'wrong';
    config.integrations.bitbucketServer[0].token = 'wrong';
    config.integrations.bitbucketCloud[0].token = 'wrong';
    config.integrations.azure[0].credentials = undefined;
    const unauthed = UrlReaders.default({
      config: new ConfigReader(config),
      logger: mockServices.logger.mock(),
    });
    for (const type of TYPES) {
      const read = unauthed.readUrl(
        server.fileUrl(REPOS[type], 'catalog-info.yaml'),
      );
      await expect(read).rejects.toThrow(type === 'azure' ? /203/ : /401/);
    }
  });

  it('sends only Bitbucket Cloud API requests elsewhere while redirecting fetch', async () => {
    // Other requests keep their URL: this one reaches the server's own 404.
    const res = await fetch(`${server.baseUrl}/nothing-here`);
    expect(res.status).toBe(404);
    const moved = await fetch(
      'https://api.bitbucket.org/2.0/repositories/acme-ws/bbc-repo/src/main/catalog-info.yaml',
    );
    expect(moved.status).toBe(401);
    expect(server.requests().map(r => r.path)).toEqual([
      '/nothing-here',
      EXPECTED_REQUEST.bitbucketCloud.path,
    ]);
  });
});

describe('ScmServer.close', () => {
  it('restores the fetch it wrapped for Bitbucket Cloud', async () => {
    const before = globalThis.fetch;
    const server = await ScmServer.start([REPOS.bitbucketCloud]);
    expect(globalThis.fetch).not.toBe(before);
    await server.close();
    expect(globalThis.fetch).toBe(before);
  });

  it('leaves fetch alone without a Bitbucket Cloud repository', async () => {
    const before = globalThis.fetch;
    const server = await ScmServer.start([REPOS.github]);
    expect(globalThis.fetch).toBe(before);
    await server.close();
  });
});

describe('the catalog registering a Component from each host', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const perPluginDatabase = createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      const knex = await databases.init('SQLITE_3');
      return { getClient: async () => knex };
    },
  });
  const AUTH = { Authorization: `Bearer ${mockCredentials.user.token()}` };

  let server: ScmServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    server = await ScmServer.start(Object.values(REPOS));
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        perPluginDatabase,
        mockServices.rootConfig.factory({
          data: {
            ...server.integrationsConfig(),
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: TYPES.map(type => ({
                type: 'url',
                target: server.fileUrl(REPOS[type], 'catalog-info.yaml'),
              })),
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('sets source-location to treeUrl and managed-by-location to the file URL', async () => {
    const names = TYPES.map(type => `${REPOS[type].name}-service`);
    const deadline = Date.now() + 90_000;
    let components: any[] = [];
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities?filter=kind=component')
        .set(AUTH);
      expect(res.status).toBe(200);
      components = res.body;
      const have = new Set(components.map(c => c.metadata.name));
      if (names.every(n => have.has(n))) break;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out: the catalog holds ${[...have].join(', ') || 'nothing'}; ` +
            `requests: ${JSON.stringify(server.requests())}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
    expect(components).toHaveLength(TYPES.length);
    for (const type of TYPES) {
      const repo = REPOS[type];
      const entity = components.find(
        c => c.metadata.name === `${repo.name}-service`,
      );
      const fileUrl = server.fileUrl(repo, 'catalog-info.yaml');
      expect({
        type,
        source: entity.metadata.annotations['backstage.io/source-location'],
        managedBy:
          entity.metadata.annotations['backstage.io/managed-by-location'],
      }).toEqual({
        type,
        source: `url:${server.treeUrl(repo)}`,
        // GitHub's resolveUrl turns the location's /blob/ into /tree/; the others keep it.
        managedBy:
          type === 'github'
            ? `url:${fileUrl.replace('/blob/', '/tree/')}`
            : `url:${fileUrl}`,
      });
      expect(server.sourceLocation(repo)).toBe(`url:${server.treeUrl(repo)}`);
      expect(server.managedByLocation(repo, 'catalog-info.yaml')).toBe(
        entity.metadata.annotations['backstage.io/managed-by-location'],
      );
    }
    // Every host's API was asked for its catalog-info.yaml.
    const asked = new Set(server.requests().map(r => r.type));
    expect([...asked].sort()).toEqual([...TYPES].sort());
  });
});
