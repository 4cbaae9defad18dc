// The repository's scripts are plain Node modules outside any package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  checkPackedManifest,
  checkReleaseRanges,
} from '../../scripts/packedManifest';

const built = {
  name: '@scaling-advisor/example',
  main: 'dist/index.cjs.js',
  types: 'dist/index.d.ts',
  exports: {
    '.': './dist/index.cjs.js',
    './alpha': {
      backstage: '@backstage/FrontendPlugin',
      default: './dist/alpha.esm.js',
    },
  },
  configSchema: 'config.schema.json',
};
const files = [
  'package.json',
  'dist/index.cjs.js',
  'dist/index.d.ts',
  'dist/alpha.esm.js',
  'config.schema.json',
];

describe('the packed manifest check of the consumer test', () => {
  it('accepts a package built into dist/', () => {
    expect(checkPackedManifest({ files, manifest: built })).toEqual([]);
  });

  it('fails a manifest that points at source, as one packed without prepack does', () => {
    const problems = checkPackedManifest({
      files: [...files, 'src/index.ts'],
      manifest: { ...built, main: 'src/index.ts', types: 'src/index.ts' },
    });
    expect(problems).toEqual([
      '@scaling-advisor/example: main points at src/index.ts, not at the built dist/ (is prepack missing?)',
      '@scaling-advisor/example: types points at src/index.ts, not at the built dist/ (is prepack missing?)',
      '@scaling-advisor/example: the tarball carries sources: src/index.ts',
    ]);
  });

  it('fails an export or a config schema missing from the tarball', () => {
    const problems = checkPackedManifest({
      files: files.filter(
        f => f !== 'dist/alpha.esm.js' && f !== 'config.schema.json',
      ),
      manifest: built,
    });
    expect(problems).toEqual([
      '@scaling-advisor/example: exports["./alpha"]["default"] points at ./dist/alpha.esm.js, which is not in the tarball',
      '@scaling-advisor/example: configSchema config.schema.json is not in the tarball',
    ]);
  });

  it("fails a @backstage range that does not admit the release's version", () => {
    const release = new Map([
      ['@backstage/frontend-plugin-api', '0.18.1'],
      ['@backstage/plugin-catalog-react', '3.2.3'],
    ]);
    expect(
      checkReleaseRanges(
        {
          name: 'x',
          dependencies: {
            '@backstage/frontend-plugin-api': '^1.0.0',
            '@backstage/plugin-catalog-react': '^3.2.3',
            react: '^18.0.0',
          },
          peerDependencies: { '@backstage/core-plugin-api': '^1.0.0' },
        },
        release,
      ),
    ).toEqual([
      "x: dependencies @backstage/frontend-plugin-api@^1.0.0 does not admit 0.18.1, the release's version: an app of the release would get a second copy",
      'x: peerDependencies @backstage/core-plugin-api is not part of the release',
    ]);
  });
});
