// @ts-check
/**
 * Checks of a packed package, as npm would publish it: what its manifest points at must be in
 * the tarball and built, nothing from `src/` may ship, and every `@backstage/*` range must admit
 * the version of the Backstage release the repo is built against (else an app of that release
 * gets a second copy).
 */
const semver = require('semver');

/**
 * Every file path a manifest field points at: main, module, types, exports, typesVersions.
 *
 * @param {Record<string, any>} manifest
 * @returns {Array<[string, string]>} field and path
 */
function manifestTargets(manifest) {
  /** @type {Array<[string, string]>} */
  const targets = [];
  for (const field of ['main', 'module', 'types', 'typings', 'browser']) {
    if (typeof manifest[field] === 'string')
      targets.push([field, manifest[field]]);
  }
  /** @type {(value: unknown, where: string) => void} */
  const walk = (value, where) => {
    if (typeof value === 'string') targets.push([where, value]);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // Backstage's `backstage` export condition names the feature type, not a file.
        if (key !== 'backstage')
          walk(inner, `${where}[${JSON.stringify(key)}]`);
      }
    }
  };
  walk(manifest.exports, 'exports');
  if (manifest.typesVersions) walk(manifest.typesVersions, 'typesVersions');
  return targets;
}

/** @param {string} path */
const normalize = path => path.replace(/^\.\//, '');

/**
 * Problems with a packed package: `files` is the tarball's file list (paths relative to the
 * package root), `manifest` the package.json inside it.
 *
 * @param {{ files: string[], manifest: Record<string, any> }} packed
 * @returns {string[]}
 */
function checkPackedManifest({ files, manifest }) {
  const name = manifest.name ?? '(unnamed)';
  const inTarball = new Set(files.map(normalize));
  /** @type {string[]} */
  const problems = [];
  for (const [field, target] of manifestTargets(manifest)) {
    const path = normalize(target);
    if (path === 'package.json') continue;
    if (!path.startsWith('dist/')) {
      problems.push(
        `${name}: ${field} points at ${target}, not at the built dist/ (is prepack missing?)`,
      );
    } else if (!inTarball.has(path)) {
      problems.push(
        `${name}: ${field} points at ${target}, which is not in the tarball`,
      );
    }
  }
  const sources = [...inTarball].filter(f => f.startsWith('src/'));
  if (sources.length > 0) {
    problems.push(
      `${name}: the tarball carries sources: ${sources.slice(0, 5).join(', ')}`,
    );
  }
  if (manifest.configSchema && typeof manifest.configSchema === 'string') {
    if (!inTarball.has(normalize(manifest.configSchema))) {
      problems.push(
        `${name}: configSchema ${manifest.configSchema} is not in the tarball`,
      );
    }
  }
  return problems;
}

/**
 * Problems with the `@backstage/*` dependency ranges of a manifest against a release: each
 * range must admit the release's version of that package.
 *
 * @param {Record<string, any>} manifest
 * @param {Map<string, string>} release package name to version
 * @returns {string[]}
 */
function checkReleaseRanges(manifest, release) {
  /** @type {string[]} */
  const problems = [];
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (!dep.startsWith('@backstage/')) continue;
      const version = release.get(dep);
      if (!version) {
        problems.push(
          `${manifest.name}: ${field} ${dep} is not part of the release`,
        );
      } else if (!semver.satisfies(version, String(range))) {
        problems.push(
          `${manifest.name}: ${field} ${dep}@${range} does not admit ${version}, the release's version: an app of the release would get a second copy`,
        );
      }
    }
  }
  return problems;
}

module.exports = { checkPackedManifest, checkReleaseRanges };
