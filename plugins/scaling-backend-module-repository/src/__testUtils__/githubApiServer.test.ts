import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { Parser, ReadEntry } from 'tar';
import {
  FakeRepository,
  GithubApiServer,
  githubIntegrationConfig,
  loadFixtureRepository,
} from './githubApiServer';

const petstore: FakeRepository = {
  owner: 'acme',
  name: 'petstore',
  files: {
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: petstore\n',
    Dockerfile: 'FROM node:20-alpine\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\n',
    'k8s/hpa.yaml':
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n',
    'deploy/current.yaml': { symlink: '../k8s/deployment.yaml' },
    'deploy/passwd': { symlink: '../../../etc/passwd' },
  },
};

const trunkRepo: FakeRepository = {
  owner: 'acme',
  name: 'legacy',
  defaultBranch: 'trunk',
  files: { 'README.md': '# legacy\n', 'docker-compose.yml': 'services: {}\n' },
};

const monorepo: FakeRepository = {
  owner: 'acme',
  name: 'monorepo',
  files: {
    'README.md': '# mono\n',
    'services/a/catalog-info.yaml': 'kind: Component # a\n',
    'services/a/k8s/deployment.yaml': 'kind: Deployment\n',
    'services/b/catalog-info.yaml': 'kind: Component # b\n',
    'services/b/service.yaml': 'kind: Service # knative\n',
  },
};

function makeReader(server: GithubApiServer): UrlReaderService {
  return UrlReaders.default({
    config: new ConfigReader(githubIntegrationConfig(server)),
    logger: mockServices.logger.mock(),
  });
}

async function filesOf(
  reader: UrlReaderService,
  url: string,
): Promise<{ etag: string; files: Record<string, string> }> {
  const response = await reader.readTree(url);
  const files: Record<string, string> = {};
  for (const file of await response.files()) {
    files[file.path] = (await file.content()).toString('utf8');
  }
  return { etag: response.etag, files };
}

async function tarEntries(
  archive: NodeJS.ReadableStream | Readable,
): Promise<Array<{ path: string; type: string; linkpath?: string }>> {
  const entries: Array<{ path: string; type: string; linkpath?: string }> = [];
  const parser = new Parser();
  parser.on('entry', (entry: ReadEntry) => {
    entries.push({
      path: entry.path,
      type: entry.type,
      linkpath: entry.linkpath,
    });
    entry.resume();
  });
  await pipeline(archive as Readable, parser);
  return entries;
}

describe('GithubApiServer with the real Backstage GitHub UrlReader', () => {
  let server: GithubApiServer;
  let reader: UrlReaderService;

  beforeAll(async () => {
    server = await GithubApiServer.start([petstore, trunkRepo, monorepo]);
    reader = makeReader(server);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => server.resetRequests());

  it('listens on loopback', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('readTree returns the files, through the commit status and the tarball', async () => {
    const { etag, files } = await filesOf(
      reader,
      'https://github.test/acme/petstore/tree/main/',
    );
    expect(etag).toBe(server.shaOf('acme', 'petstore'));
    expect(etag).toMatch(/^[0-9a-f]{40}$/);
    expect(files['catalog-info.yaml']).toBe(
      petstore.files['catalog-info.yaml'],
    );
    expect(files['k8s/deployment.yaml']).toContain('kind: Deployment');
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'Dockerfile',
        'catalog-info.yaml',
        'k8s/deployment.yaml',
        'k8s/hpa.yaml',
      ]),
    );
    expect(server.requests()).toEqual([
      { method: 'GET', path: '/repos/acme/petstore/commits/main/status' },
      { method: 'GET', path: `/repos/acme/petstore/tarball/${etag}` },
    ]);
    expect(server.countFor('acme', 'petstore')).toBe(2);
    expect(server.countFor('acme', 'legacy')).toBe(0);
  });

  it('readTree with the current etag throws NotModifiedError after one request', async () => {
    const etag = server.shaOf('acme', 'petstore');
    await expect(
      reader.readTree('https://github.test/acme/petstore/tree/main/', { etag }),
    ).rejects.toThrow(NotModifiedError);
    expect(server.requests()).toEqual([
      { method: 'GET', path: '/repos/acme/petstore/commits/main/status' },
    ]);
  });

  it('keeps the sha of unchanged files and gives changed files a new one', async () => {
    const before = server.shaOf('acme', 'petstore');
    server.setRepository({ ...petstore, files: { ...petstore.files } });
    expect(server.shaOf('acme', 'petstore')).toBe(before);

    server.setRepository({
      ...petstore,
      files: {
        ...petstore.files,
        'k8s/pdb.yaml': 'kind: PodDisruptionBudget\n',
      },
    });
    const after = server.shaOf('acme', 'petstore');
    expect(after).not.toBe(before);
    const response = await reader.readTree(
      'https://github.test/acme/petstore/tree/main/',
      { etag: before },
    );
    expect(response.etag).toBe(after);
    const paths = (await response.files()).map(f => f.path);
    expect(paths).toContain('k8s/pdb.yaml');

    // The older commit stays readable by sha, as on GitHub.
    const old = await filesOf(
      reader,
      `https://github.test/acme/petstore/tree/${before}/`,
    );
    expect(old.etag).toBe(before);
    expect(Object.keys(old.files)).not.toContain('k8s/pdb.yaml');

    server.setRepository(petstore);
    expect(server.shaOf('acme', 'petstore')).toBe(before);
  });

  it('readUrl returns a file through the contents API, raw', async () => {
    const response = await reader.readUrl(
      'https://github.test/acme/petstore/blob/main/catalog-info.yaml',
    );
    expect((await response.buffer()).toString()).toBe(
      petstore.files['catalog-info.yaml'],
    );
    expect(response.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(response.lastModifiedAt).toBeInstanceOf(Date);
    expect(server.requests()).toEqual([
      {
        method: 'GET',
        path: '/repos/acme/petstore/contents/catalog-info.yaml',
      },
    ]);

    await expect(
      reader.readUrl(
        'https://github.test/acme/petstore/blob/main/catalog-info.yaml',
        { etag: response.etag },
      ),
    ).rejects.toThrow(NotModifiedError);
    await expect(
      reader.readUrl(
        'https://github.test/acme/petstore/blob/main/catalog-info.yaml',
        { lastModifiedAfter: response.lastModifiedAt },
      ),
    ).rejects.toThrow(NotModifiedError);
  });

  it('readUrl of a link inside the tree returns its target; of a missing file, NotFoundError', async () => {
    const linked = await reader.readUrl(
      'https://github.test/acme/petstore/blob/main/deploy/current.yaml',
    );
    expect((await linked.buffer()).toString()).toContain('kind: Deployment');
    await expect(
      reader.readUrl('https://github.test/acme/petstore/blob/main/nope.yaml'),
    ).rejects.toThrow(NotFoundError);
  });

  it('resolves the default branch of a URL without a ref', async () => {
    const { etag, files } = await filesOf(
      reader,
      'https://github.test/acme/legacy',
    );
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'docker-compose.yml',
    ]);
    expect(server.requests()).toEqual([
      { method: 'GET', path: '/repos/acme/legacy' },
      { method: 'GET', path: '/repos/acme/legacy/commits/trunk/status' },
      { method: 'GET', path: `/repos/acme/legacy/tarball/${etag}` },
    ]);
  });

  it('reads a sub folder of a monorepo', async () => {
    const { files } = await filesOf(
      reader,
      'https://github.test/acme/monorepo/tree/main/services/b',
    );
    expect(files).toEqual({
      'catalog-info.yaml': 'kind: Component # b\n',
      'service.yaml': 'kind: Service # knative\n',
    });
  });

  it('answers unknown repositories with 404 (NotFoundError) and a JSON body', async () => {
    await expect(
      reader.readTree('https://github.test/acme/ghost/tree/main/'),
    ).rejects.toThrow(NotFoundError);
    await expect(
      reader.readUrl('https://github.test/acme/ghost/blob/main/a.yaml'),
    ).rejects.toThrow(NotFoundError);
    const res = await fetch(`${server.baseUrl}/repos/acme/ghost`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found' });
    expect(server.countFor('acme', 'ghost')).toBe(3);
  });

  it('answers an unknown ref like GitHub: 422 on the commit status', async () => {
    await expect(
      reader.readTree('https://github.test/acme/petstore/tree/nope/'),
    ).rejects.toThrow(/422/);
  });

  it('puts symlinks in the archive as real tar symbolic links', async () => {
    const sha = server.shaOf('acme', 'petstore');
    const response = await reader.readTree(
      'https://github.test/acme/petstore/tree/main/',
    );
    const entries = await tarEntries(await response.archive());
    const top = `acme-petstore-${sha.slice(0, 7)}/`;
    expect(entries.every(e => e.path.startsWith(top))).toBe(true);
    expect(entries).toEqual(
      expect.arrayContaining([
        { path: top, type: 'Directory', linkpath: undefined },
        {
          path: `${top}deploy/passwd`,
          type: 'SymbolicLink',
          linkpath: '../../../etc/passwd',
        },
        {
          path: `${top}deploy/current.yaml`,
          type: 'SymbolicLink',
          linkpath: '../k8s/deployment.yaml',
        },
        { path: `${top}k8s/hpa.yaml`, type: 'File', linkpath: undefined },
      ]),
    );
  });

  it('extracting with dir() keeps the inner link and drops the escaping one', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-fake-'));
    try {
      const response = await reader.readTree(
        'https://github.test/acme/petstore/tree/main/',
      );
      const dir = await response.dir({ targetDir: base });
      expect(fs.readFileSync(path.join(dir, 'k8s/hpa.yaml'), 'utf8')).toBe(
        petstore.files['k8s/hpa.yaml'],
      );
      expect(fs.readlinkSync(path.join(dir, 'deploy/current.yaml'))).toBe(
        '../k8s/deployment.yaml',
      );
      expect(fs.existsSync(path.join(dir, 'deploy/passwd'))).toBe(false);
      expect(() => fs.lstatSync(path.join(dir, 'deploy/passwd'))).toThrow();
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
    expect(fs.existsSync(base)).toBe(false);
  });

  it('supports search with a glob (trees + blobs) and without (contents)', async () => {
    const found = await reader.search(
      'https://github.test/acme/monorepo/tree/main/services/**/catalog-info.yaml',
    );
    const contents = await Promise.all(
      found.files.map(async f => [f.url, (await f.content()).toString()]),
    );
    expect(contents.sort()).toEqual([
      [
        'https://github.test/acme/monorepo/tree/main/services/a/catalog-info.yaml',
        'kind: Component # a\n',
      ],
      [
        'https://github.test/acme/monorepo/tree/main/services/b/catalog-info.yaml',
        'kind: Component # b\n',
      ],
    ]);
    expect(found.etag).toBe(server.shaOf('acme', 'monorepo'));
    expect(server.requests().map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/repos/acme/monorepo/commits/main/status',
        `/repos/acme/monorepo/git/trees/${found.etag}`,
      ]),
    );

    const single = await reader.search(
      'https://github.test/acme/monorepo/blob/main/README.md',
    );
    expect(single.files).toHaveLength(1);
  });

  it('falls back to the tarball when the tree listing is truncated', async () => {
    const small = await GithubApiServer.start([monorepo], {
      treeEntryLimit: 2,
    });
    try {
      const found = await makeReader(small).search(
        'https://github.test/acme/monorepo/tree/main/services/*/catalog-info.yaml',
      );
      expect(found.files).toHaveLength(2);
      expect(small.requests().map(r => r.path)).toContain(
        `/repos/acme/monorepo/tarball/${found.etag}`,
      );
    } finally {
      await small.close();
    }
  });
});

describe('GithubApiServer options and helpers', () => {
  it('can require the token, like a private repository', async () => {
    const server = await GithubApiServer.start([trunkRepo], {
      requireToken: 'test-token',
    });
    try {
      const { files } = await filesOf(
        makeReader(server),
        'https://github.test/acme/legacy/tree/trunk/',
      );
      expect(Object.keys(files)).toContain('README.md');
      expect((await fetch(`${server.baseUrl}/repos/acme/legacy`)).status).toBe(
        404,
      );
      const bad = await fetch(`${server.baseUrl}/repos/acme/legacy`, {
        headers: { Authorization: 'Bearer wrong' },
      });
      expect(bad.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('loads a fixture folder, links included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-fixture-'));
    try {
      fs.mkdirSync(path.join(dir, 'k8s'));
      fs.writeFileSync(
        path.join(dir, 'catalog-info.yaml'),
        'kind: Component\n',
      );
      fs.writeFileSync(path.join(dir, 'k8s', 'deployment.yaml'), 'kind: X\n');
      fs.symlinkSync('k8s/deployment.yaml', path.join(dir, 'link.yaml'));
      const repo = loadFixtureRepository(dir, 'acme', 'thing');
      expect(repo.owner).toBe('acme');
      expect(repo.name).toBe('thing');
      expect(
        Object.fromEntries(
          Object.entries(repo.files).map(([k, v]) => [
            k,
            Buffer.isBuffer(v) ? v.toString() : v,
          ]),
        ),
      ).toEqual({
        'catalog-info.yaml': 'kind: Component\n',
        'k8s/deployment.yaml': 'kind: X\n',
        'link.yaml': { symlink: 'k8s/deployment.yaml' },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects paths that would leave the tree', async () => {
    const server = await GithubApiServer.start();
    try {
      for (const bad of ['../x', '/etc/passwd', 'a//b', 'a/./b']) {
        expect(() =>
          server.setRepository({
            owner: 'acme',
            name: 'bad',
            files: { [bad]: 'x' },
          }),
        ).toThrow(/invalid file path/);
      }
    } finally {
      await server.close();
    }
  });

  it('serves 1,000 repositories and a 5,001-file tree reasonably fast', async () => {
    const many: FakeRepository[] = [];
    for (let i = 0; i < 1000; i++) {
      many.push({
        owner: 'scale',
        name: `svc-${i}`,
        files: {
          'catalog-info.yaml': `kind: Component\nmetadata:\n  name: svc-${i}\n`,
          'k8s/deployment.yaml': `kind: Deployment\nreplicas: ${i % 5}\n`,
        },
      });
    }
    const bigFiles: Record<string, string> = {};
    for (let i = 0; i < 5001; i++) {
      bigFiles[`src/module-${Math.floor(i / 100)}/file-${i}.txt`] =
        `line ${i}\n`;
    }
    many.push({ owner: 'scale', name: 'big', files: bigFiles });

    const started = Date.now();
    const server = await GithubApiServer.start(many);
    try {
      const reader = makeReader(server);
      const big = await reader.readTree(
        'https://github.test/scale/big/tree/main/',
      );
      expect(await big.files()).toHaveLength(5001);

      const etags = new Map<string, string>();
      const queue = many.slice(0, 1000).map(r => r.name);
      const work = Array.from({ length: 16 }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          const response = await reader.readTree(
            `https://github.test/scale/${name}/tree/main/`,
          );
          await response.files();
          etags.set(name, response.etag);
        }
      });
      await Promise.all(work);
      expect(etags.size).toBe(1000);
      expect(new Set(etags.values()).size).toBe(1000);
      expect(server.requests()).toHaveLength(2 + 2000);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await server.close();
    }
  }, 60_000);
});
