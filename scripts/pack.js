#!/usr/bin/env node
/*
 * `npm run pack [-- --out <dir>]`: builds every publishable package (the workspaces not marked
 * private) and packs each into <dir> (default `dist-packages/`), as `npm publish` would ship
 * it: `prepack` points the manifest at dist/, `postpack` puts it back. Each tarball is then
 * checked (scripts/packedManifest.js): what its manifest points at is packed and built, no
 * src/ ships, and every @backstage/* range admits the version of the release in
 * backstage.json. Prints one line per tarball; exits non-zero on any problem.
 *
 * Versions first: run `npx changeset version` (and `npm install`) before packing a release, so
 * that the built packages carry their new versions (see the README's Publishing section).
 *
 * From code (the consumer test): `packAll({ outDir, log })` resolves with a Map of package
 * name → { file, size, files, manifest }.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkPackedManifest, checkReleaseRanges } = require('./packedManifest');

const root = path.resolve(__dirname, '..');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Runs a command, its output appended to `log`; resolves with its stdout. */
function run(command, args, { cwd = root, log }) {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(log, { flags: 'a' });
    out.write(`\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let tail = '';
    const keep = chunk => {
      out.write(chunk);
      tail = (tail + chunk).slice(-4000);
    };
    child.stdout.on('data', chunk => {
      keep(chunk);
      stdout += chunk;
    });
    child.stderr.on('data', keep);
    child.on('close', code => {
      out.end();
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}; log: ${log}\n${tail}`,
          ),
        );
    });
  });
}

/** The packages this repository publishes: every workspace package not marked private. */
function publishedPackages() {
  const { workspaces } = readJson(path.join(root, 'package.json'));
  const dirs = workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    return fs.readdirSync(parent).map(d => path.join(parent, d));
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({ dir, manifest: readJson(path.join(dir, 'package.json')) }))
    .filter(p => !p.manifest.private);
}

/** The @backstage/* versions of the release, from the root's pinned overrides. */
function releaseVersions() {
  const pkg = readJson(path.join(root, 'package.json'));
  const direct = { ...pkg.dependencies, ...pkg.devDependencies };
  const versions = new Map();
  for (const [name, value] of Object.entries(pkg.overrides ?? {})) {
    const spec = value.startsWith('$') ? direct[value.slice(1)] : value;
    versions.set(name, spec.replace(/^[\^~]/, ''));
  }
  return versions;
}

async function packOne({ dir }, outDir, log) {
  const out = await run(
    'npm',
    ['pack', '--json', '--pack-destination', outDir],
    { cwd: dir, log },
  ).catch(async error => {
    // prepack rewrote package.json; a failed pack skips postpack, which restores it.
    await run('npx', ['backstage-cli', 'package', 'postpack'], {
      cwd: dir,
      log,
    }).catch(() => {});
    throw error;
  });
  // Lifecycle scripts (prepack) print to stdout too, before npm's JSON.
  const [packed] = JSON.parse(out.slice(out.lastIndexOf('\n[') + 1));
  return {
    file: path.join(outDir, packed.filename),
    size: packed.size,
    files: packed.files.map(f => f.path),
  };
}

/** Reads the manifest as packed (prepack's rewrite, pointing at dist/). */
async function packedManifest(file, log) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-pack-'));
  try {
    await run('tar', ['-xzf', file, '-C', dir, 'package/package.json'], {
      log,
    });
    return readJson(path.join(dir, 'package', 'package.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function packAll({ outDir, log, build = true }) {
  fs.mkdirSync(outDir, { recursive: true });
  if (build) await run('npm', ['run', 'build'], { log });
  const release = releaseVersions();
  const tarballs = new Map();
  const problems = [];
  for (const pkg of publishedPackages()) {
    const tarball = await packOne(pkg, outDir, log);
    const manifest = await packedManifest(tarball.file, log);
    problems.push(
      ...checkPackedManifest({ files: tarball.files, manifest }),
      ...checkReleaseRanges(manifest, release),
    );
    tarballs.set(manifest.name, { ...tarball, manifest });
  }
  if (problems.length > 0) {
    throw new Error(
      `The packed packages are not publishable:\n- ${problems.join('\n- ')}`,
    );
  }
  return tarballs;
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const outDir = path.resolve(root, at >= 0 ? args[at + 1] : 'dist-packages');
  const log = path.join(os.tmpdir(), `scaling-pack-${process.pid}.log`);
  console.log(`Building and packing into ${outDir} (log: ${log})`);
  const tarballs = await packAll({ outDir, log });
  for (const [name, t] of tarballs) {
    console.log(
      `  ${path.basename(t.file)}  ${(t.size / 1024).toFixed(1)} kB  ${name}@${t.manifest.version}`,
    );
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { packAll, publishedPackages, releaseVersions };
