/*
 * Checks of the fixtures themselves: the example org's repositories parse, their entities are
 * valid and point only at entities that exist, the README table lists exactly their files, and
 * the hostile repositories are as hostile as they claim. Then all of them go through the fake
 * GitHub and the real UrlReader.
 */
import {
  Entity,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  ACME_REPOSITORIES_DIR,
  ACME_REPOSITORIES_README,
  HOSTILE_REPOSITORY_NAMES,
  LARGE_YAML_BYTES,
  MANY_FILES_COUNT,
  acmeRepositories,
  hostileRepositories,
} from '../__fixtures__';
import {
  FakeFile,
  FakeRepository,
  GithubApiServer,
  githubIntegrationConfig,
} from './githubApiServer';

const validators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

function text(file: FakeFile): string {
  if (typeof file === 'string') return file;
  if (Buffer.isBuffer(file)) return file.toString('utf8');
  throw new Error('a symlink');
}

const repositories = acmeRepositories();
const byName = new Map(repositories.map(r => [r.name, r]));

function entitiesOf(
  repo: FakeRepository,
): Array<{ path: string; entity: Entity }> {
  return Object.entries(repo.files)
    .filter(
      ([p]) => p === 'catalog-info.yaml' || p.endsWith('/catalog-info.yaml'),
    )
    .flatMap(([p, content]) =>
      parseAllDocuments(text(content)).map(doc => ({
        path: p,
        entity: doc.toJS() as Entity,
      })),
    );
}

const allEntities = repositories.flatMap(repo =>
  entitiesOf(repo).map(e => ({ repo: repo.name, ...e })),
);

/** README rows: repository → the files it lists and its platform cell. */
function readmeRows(): Map<string, { files: string[]; platform: string }> {
  const rows = new Map<string, { files: string[]; platform: string }>();
  for (const line of fs
    .readFileSync(ACME_REPOSITORIES_README, 'utf8')
    .split('\n')) {
    const cells = line.split('|').map(c => c.trim());
    if (cells.length < 6 || !cells[1].startsWith('`')) continue;
    const repo = cells[1].replace(/`/g, '');
    const files = [...cells[3].matchAll(/`([^`]+)`/g)].map(m => m[1]);
    rows.set(repo, { files, platform: cells[4] });
  }
  return rows;
}

describe('the acme fixture repositories', () => {
  it('are the 13 example components, the org and the monorepo', () => {
    expect(fs.existsSync(ACME_REPOSITORIES_DIR)).toBe(true);
    expect(repositories.map(r => r.name)).toEqual([
      'artist-lookup',
      'monorepo',
      'org',
      'petstore',
      'playback-order',
      'playback-sdk',
      'podcast-api',
      'queue-proxy',
      'searcher',
      'shuffle-api',
      'wayback-archive',
      'wayback-archive-ingestion',
      'wayback-archive-storage',
      'wayback-search',
      'www-artist',
    ]);
    for (const repo of repositories) {
      expect(repo.owner).toBe('acme');
      expect(Object.keys(repo.files)).toContain('catalog-info.yaml');
    }
  });

  it('hold small files; every YAML and JSON file parses, Helm templates aside', () => {
    const problems: string[] = [];
    for (const repo of repositories) {
      for (const [p, content] of Object.entries(repo.files)) {
        const where = `${repo.name}/${p}`;
        const body = text(content);
        if (Buffer.byteLength(body) >= 8 * 1024)
          problems.push(`${where}: large`);
        if (/\/templates\//.test(p)) continue;
        if (/\.ya?ml$/.test(p)) {
          for (const doc of parseAllDocuments(body)) {
            for (const error of doc.errors) {
              problems.push(`${where}: ${error.message}`);
            }
          }
        } else if (p.endsWith('.json')) {
          try {
            JSON.parse(body);
          } catch (error) {
            problems.push(`${where}: ${error}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('hold valid entities, with no scaling.io/ annotation and no project slug', async () => {
    for (const { repo, path: p, entity } of allEntities) {
      const results = await Promise.all(validators.map(v => v.check(entity)));
      expect([`${repo}/${p}`, entity.kind, results.filter(Boolean)]).toEqual([
        `${repo}/${p}`,
        entity.kind,
        [true],
      ]);
      const annotations = Object.keys(entity.metadata.annotations ?? {});
      expect(annotations.filter(a => a.startsWith('scaling.io/'))).toEqual([]);
      expect(annotations).not.toContain('github.com/project-slug');
    }
  });

  it('reference only entities that exist', () => {
    const known = new Set(
      allEntities.map(({ entity }) => stringifyEntityRef(entity)),
    );
    const refs: Array<[string, string, string]> = [];
    const add = (from: Entity, value: unknown, defaultKind: string) => {
      let list: unknown[] = [];
      if (Array.isArray(value)) list = value;
      else if (value) list = [value];
      for (const ref of list) {
        refs.push([
          stringifyEntityRef(from),
          String(ref),
          stringifyEntityRef(
            parseEntityRef(String(ref), {
              defaultKind,
              defaultNamespace: from.metadata.namespace ?? 'default',
            }),
          ),
        ]);
      }
    };
    for (const { entity } of allEntities) {
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      add(entity, spec.owner, 'Group');
      add(entity, spec.system, 'System');
      add(entity, spec.domain, 'Domain');
      add(entity, spec.subcomponentOf, 'Component');
      add(entity, spec.dependsOn, 'Component');
      add(entity, spec.providesApis, 'API');
      add(entity, spec.consumesApis, 'API');
      add(entity, spec.apiConsumedBy, 'Component');
      add(entity, spec.parent, 'Group');
      add(entity, spec.children, 'Group');
      add(entity, spec.memberOf, 'Group');
    }
    expect(refs.length).toBeGreaterThan(40);
    expect(refs.filter(([, , target]) => !known.has(target))).toEqual([]);
  });

  it('are listed file by file in the README table', () => {
    const rows = readmeRows();
    const expected = new Map<string, string[]>();
    for (const repo of repositories.filter(r => r.name !== 'monorepo')) {
      expected.set(
        repo.name,
        Object.keys(repo.files).filter(p => p !== 'catalog-info.yaml'),
      );
    }
    // The monorepo: one row per service folder, its files relative to the folder.
    const root: string[] = [];
    for (const p of Object.keys(byName.get('monorepo')!.files)) {
      const m = /^services\/([^/]+)\/(.+)$/.exec(p);
      if (!m) {
        root.push(p);
        continue;
      }
      const key = `monorepo/services/${m[1]}`;
      const list = expected.get(key) ?? [];
      if (m[2] !== 'catalog-info.yaml') list.push(m[2]);
      expected.set(key, list);
    }
    expect(root.sort()).toEqual(['README.md', 'catalog-info.yaml']);
    expect([...expected.keys()].filter(k => k.startsWith('monorepo/'))).toEqual(
      expect.arrayContaining([
        'monorepo/services/playlist-api',
        'monorepo/services/playlist-worker',
      ]),
    );

    const readme = fs.readFileSync(ACME_REPOSITORIES_README, 'utf8');
    for (const name of Object.values(HOSTILE_REPOSITORY_NAMES)) {
      expect(readme).toContain(`| \`${name}\``);
    }
    expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, files] of expected) {
      const listed = [...rows.get(name)!.files].sort();
      expect([name, listed]).toEqual([name, [...files].sort()]);
    }
  });

  it('show a platform for at least 80% of the deployable services', () => {
    const rows = readmeRows();
    const deployable = allEntities.filter(
      ({ entity }) =>
        entity.kind === 'Component' &&
        ['service', 'website'].includes(String(entity.spec?.type)),
    );
    expect(deployable).toHaveLength(14);
    const platforms = deployable.map(({ repo, path: p }) => {
      const key =
        repo === 'monorepo'
          ? `monorepo/${p.replace(/\/catalog-info\.yaml$/, '')}`
          : repo;
      return rows.get(key)!.platform;
    });
    const known = platforms.filter(p => p.startsWith('`'));
    expect(known.length / deployable.length).toBeGreaterThanOrEqual(0.8);
    expect(platforms.filter(p => p === 'unknown')).toEqual(['unknown']);
    expect(new Set(known)).toEqual(
      new Set([
        '`kubernetes`',
        '`ecs-fargate`',
        '`cloud-run`',
        '`docker-compose`',
        '`azure-container-instances`',
      ]),
    );
  });
});

describe('the hostile repositories', () => {
  const hostile = hostileRepositories();
  const get = (name: string) => hostile.find(r => r.name === name)!;

  it('are five Components of type service', () => {
    expect(hostile.map(r => r.name)).toEqual(
      Object.values(HOSTILE_REPOSITORY_NAMES),
    );
    for (const repo of hostile) {
      const entity = parseYaml(text(repo.files['catalog-info.yaml']));
      expect(entity).toMatchObject({
        kind: 'Component',
        metadata: { name: repo.name },
        spec: { type: 'service', owner: 'team-a' },
      });
    }
  });

  it('hold a valid YAML file over 600 kB', () => {
    const body = text(
      get(HOSTILE_REPOSITORY_NAMES.largeYaml).files[
        'k8s/generated-configmap.yaml'
      ],
    );
    expect(Buffer.byteLength(body)).toBe(LARGE_YAML_BYTES);
    expect(LARGE_YAML_BYTES).toBeGreaterThan(600 * 1024);
    // uniqueKeys: false, since yaml's duplicate-key check is quadratic (seconds for this file).
    expect(parseYaml(body, { uniqueKeys: false }).kind).toBe('ConfigMap');
  });

  it('hold 5,001 files in one repository', () => {
    const files = get(HOSTILE_REPOSITORY_NAMES.manyFiles).files;
    expect(Object.keys(files)).toHaveLength(MANY_FILES_COUNT);
    expect(MANY_FILES_COUNT).toBe(5001);
  });

  it('hold an alias bomb the yaml package refuses to expand', () => {
    const body = text(
      get(HOSTILE_REPOSITORY_NAMES.aliasBomb).files['k8s/laughs.yaml'],
    );
    expect(body.length).toBeLessThan(1024);
    expect(() => parseYaml(body)).toThrow(/alias/i);
  });

  it('hold a link out of the tree and one inside it', () => {
    const files = get(HOSTILE_REPOSITORY_NAMES.symlinks).files;
    expect(files['deploy/passwd']).toEqual({
      symlink: '../../../../etc/passwd',
    });
    expect(files['deploy/current.yaml']).toEqual({
      symlink: '../k8s/deployment.yaml',
    });
  });

  it('hold malformed YAML and JSON', () => {
    const files = get(HOSTILE_REPOSITORY_NAMES.malformed).files;
    expect(
      parseAllDocuments(text(files['k8s/broken.yaml']))[0].errors.length,
    ).toBeGreaterThan(0);
    expect(() => JSON.parse(text(files['ecs/task-definition.json']))).toThrow();
  });
});

describe('all fixtures through the fake GitHub and the real UrlReader', () => {
  it('reads every repository back, file for file', async () => {
    const all = [...repositories, ...hostileRepositories()];
    const server = await GithubApiServer.start(all);
    try {
      const reader = UrlReaders.default({
        config: new ConfigReader(githubIntegrationConfig(server)),
        logger: mockServices.logger.mock(),
      });
      for (const repo of all) {
        const response = await reader.readTree(
          `https://github.test/acme/${repo.name}/tree/main/`,
        );
        const files = await response.files();
        // Symbolic links come back from files() as empty entries.
        expect([repo.name, files.map(f => f.path).sort()]).toEqual([
          repo.name,
          Object.keys(repo.files).sort(),
        ]);
        const catalogInfo = files.find(f => f.path === 'catalog-info.yaml')!;
        expect((await catalogInfo.content()).toString()).toBe(
          text(repo.files['catalog-info.yaml']),
        );
      }
      const service = await reader.readTree(
        'https://github.test/acme/monorepo/tree/main/services/playlist-worker',
      );
      expect((await service.files()).map(f => f.path).sort()).toEqual([
        'Dockerfile',
        'catalog-info.yaml',
        'service.yaml',
      ]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
