/*
 * The consumer test's own parts, fast: what it reads of the root README's install section, and
 * how it tells duplicated packages and pins an app's lockfile to the release. The consumer test
 * itself (npm run test:consumer) runs them against real apps.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
// The consumer test's modules are plain Node scripts outside any package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { duplicates, lockReleaseVersions } from '../consumer/appState';
import {
  backendFeatures,
  configBlocks,
  installSection,
  newestNote,
  yarnCommands,
  // eslint-disable-next-line @backstage/no-relative-monorepo-imports
} from '../consumer/readme';

const root = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The publishable packages: every workspace package not marked private. */
function publishable(): Array<{ name: string; role?: string }> {
  const dirs = [
    ...fs
      .readdirSync(path.join(root, 'plugins'))
      .map(d => path.join(root, 'plugins', d)),
    path.join(root, 'templates'),
  ];
  return dirs
    .map(d => JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')))
    .filter(m => !m.private)
    .map(m => ({ name: m.name, role: m.backstage?.role }));
}

describe("the root README's install section", () => {
  const section = installSection(readme);

  it('adds every package an adopter installs, each once, with yarn', () => {
    const added = yarnCommands(section).flatMap(args => {
      expect(args.slice(0, 3)).toEqual([
        '--cwd',
        expect.stringMatching(/^packages\/(backend|app)$/),
        'add',
      ]);
      return args.slice(3);
    });
    const ours = added.filter(n => n.startsWith('@scaling-advisor/'));
    expect(new Set(ours).size).toBe(ours.length);
    // The common and node packages come in as dependencies of the others.
    const installed = publishable()
      .map(p => p.name)
      .filter(n => !/-(common|node)$/.test(n));
    expect(ours.sort()).toEqual(installed.sort());
    // Anything else at a version of the release, never a bare newest.
    for (const other of added.filter(n => !n.startsWith('@scaling-advisor/')))
      expect(other).toMatch(/@\^\d+\.\d+\.\d+$/);
  });

  it('adds every backend plugin and module once, and never the plugin twice', () => {
    const features = backendFeatures(section);
    const backendPackages = publishable()
      .filter(
        p => p.role === 'backend-plugin' || p.role === 'backend-plugin-module',
      )
      .map(p => p.name);
    for (const name of backendPackages) expect(features).toContain(name);
    expect(new Set(features).size).toBe(features.length);
  });

  it("gives the templates' location and the static token as config to add", () => {
    const blocks = configBlocks(section);
    expect(blocks).toContainEqual({
      catalog: {
        locations: [
          expect.objectContaining({
            target:
              '../../node_modules/@scaling-advisor/backstage-scaling-templates/all.yaml',
          }),
        ],
      },
    });
    expect(JSON.stringify(blocks)).toContain('externalAccess');
  });

  it('lists what an app on the newest packages gets', () => {
    expect(newestNote(readme).length).toBeGreaterThan(0);
  });
});

describe('the consumer test on an app', () => {
  let app: string;
  beforeEach(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-unit-'));
  });
  afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

  const pkg = (dir: string, name: string, version: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version }),
    );
  };

  it('finds a @backstage package in two versions, nested or in a workspace', () => {
    fs.mkdirSync(path.join(app, 'packages', 'backend'), { recursive: true });
    pkg(
      path.join(app, 'node_modules/@backstage/errors'),
      '@backstage/errors',
      '1.3.1',
    );
    pkg(
      path.join(
        app,
        'node_modules/@scaling-advisor/x/node_modules/@backstage/errors',
      ),
      '@backstage/errors',
      '1.4.0',
    );
    pkg(
      path.join(app, 'node_modules/@backstage/config'),
      '@backstage/config',
      '1.3.9',
    );
    pkg(
      path.join(app, 'packages/backend/node_modules/@backstage/config'),
      '@backstage/config',
      '1.3.9',
    );
    pkg(path.join(app, 'node_modules/left-pad'), 'left-pad', '1.0.0');
    pkg(
      path.join(app, 'node_modules/left-pad/node_modules/left-pad'),
      'left-pad',
      '2.0.0',
    );
    expect(duplicates(app)).toEqual(['@backstage/errors 1.3.1, 1.4.0']);
  });

  it("keeps the release's versions in the lockfile for every range that asks for them", () => {
    fs.mkdirSync(path.join(app, 'packages', 'backend'), { recursive: true });
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        resolutions: { '@backstage/errors': '1.3.1', '@types/react': '^18' },
      }),
    );
    fs.writeFileSync(
      path.join(app, 'packages/backend/package.json'),
      JSON.stringify({ dependencies: { '@backstage/errors': '^1.3.1' } }),
    );
    fs.writeFileSync(
      path.join(app, 'yarn.lock'),
      YAML.stringify({
        __metadata: { version: 8 },
        '@backstage/errors@npm:1.3.1': {
          version: '1.3.1',
          resolution: '@backstage/errors@npm:1.3.1',
        },
        '@backstage/config@npm:1.3.9': {
          version: '1.3.9',
          resolution: '@backstage/config@npm:1.3.9',
          dependencies: {
            '@backstage/errors': 'npm:^1.2.0',
            // a range the release's version does not satisfy stays unlocked
            '@backstage/types': 'npm:^2.0.0',
          },
        },
        '@backstage/types@npm:1.2.2': {
          version: '1.2.2',
          resolution: '@backstage/types@npm:1.2.2',
        },
      }),
    );
    lockReleaseVersions(app, ['@backstage/errors']);
    const lock = YAML.parse(
      fs.readFileSync(path.join(app, 'yarn.lock'), 'utf8'),
    );
    expect(Object.keys(lock).sort()).toEqual([
      '@backstage/config@npm:1.3.9',
      '@backstage/errors@npm:1.3.1, @backstage/errors@npm:^1.2.0, @backstage/errors@npm:^1.3.1',
      '@backstage/types@npm:1.2.2',
      '__metadata',
    ]);
    const rootPkg = JSON.parse(
      fs.readFileSync(path.join(app, 'package.json'), 'utf8'),
    );
    expect(rootPkg.resolutions).toEqual({ '@types/react': '^18' });
  });
});
