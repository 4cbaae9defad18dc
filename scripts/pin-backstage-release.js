#!/usr/bin/env node
/*
 * Pins every @backstage/* package of the release named in backstage.json to its exact version,
 * through npm `overrides` in the root package.json: what the Backstage yarn plugin's
 * `backstage:^` ranges do for a yarn app. The repo then builds and tests against exactly that
 * release, not against whatever newer patch or minor a caret range would let in.
 *
 *   node scripts/pin-backstage-release.js            # fetches the manifest of backstage.json's release
 *   BACKSTAGE_MANIFEST_FILE=manifest.json node scripts/pin-backstage-release.js
 *
 * To move to another release: `backstage-cli versions:bump --release X.Y.Z --skip-install`
 * (same BACKSTAGE_MANIFEST_FILE variable), then this script, then `npm install`.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

async function manifest(version) {
  if (process.env.BACKSTAGE_MANIFEST_FILE) {
    return JSON.parse(
      fs.readFileSync(process.env.BACKSTAGE_MANIFEST_FILE, 'utf8'),
    );
  }
  const { getManifestByVersion } = require('@backstage/release-manifests');
  return getManifestByVersion({ version });
}

async function main() {
  const { version } = JSON.parse(
    fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
  );
  const release = await manifest(version);
  if (release.releaseVersion !== version) {
    throw new Error(
      `The manifest is of release ${release.releaseVersion}, but backstage.json names ${version}`,
    );
  }
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  const direct = { ...pkg.dependencies, ...pkg.devDependencies };
  // npm wants an override of one of the root's own dependencies to refer to it with `$`.
  pkg.overrides = Object.fromEntries(
    release.packages
      .map(p => [p.name, direct[p.name] ? `$${p.name}` : p.version])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(
    `Pinned ${release.packages.length} packages of Backstage ${version}; now run npm install.`,
  );
}

main().catch(error => {
  console.error(error.message);
  process.exit(1);
});
