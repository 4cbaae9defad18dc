#!/usr/bin/env node
/*
 * `npm run test:node22 [-- jest args]`: every package's Jest suites again, on Node.js 22 (the
 * machine's Node.js may be another; Backstage apps run on 22 or 24).
 *
 * better-sqlite3 is a native module built for one Node.js ABI. Its build for Node.js 22 is made
 * once (node-gyp against Node 22's headers) and kept in node_modules/.cache; for the run it is
 * swapped in, and the machine's build is put back afterwards, even when the tests fail.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureNode } = require('./ensure-node');

const root = path.resolve(__dirname, '..');
const MAJOR = 22;

function sh(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status ?? 1;
}

function main() {
  const node = ensureNode(MAJOR);
  const sqliteDir = path.dirname(
    require.resolve('better-sqlite3/package.json', { paths: [root] }),
  );
  const { version } = require(path.join(sqliteDir, 'package.json'));
  const binding = path.join(
    sqliteDir,
    'build',
    'Release',
    'better_sqlite3.node',
  );
  const cacheDir = path.join(root, 'node_modules', '.cache', `node-${MAJOR}`);
  const cached = path.join(cacheDir, `better_sqlite3-${version}.node`);
  const machineBuild = path.join(
    cacheDir,
    `better_sqlite3-${version}.machine.node`,
  );

  fs.mkdirSync(cacheDir, { recursive: true });
  fs.copyFileSync(binding, machineBuild);
  let status = 1;
  try {
    if (!fs.existsSync(cached)) {
      console.log(`== building better-sqlite3 ${version} for Node.js ${MAJOR}`);
      if (sh('npm', ['rebuild', 'better-sqlite3'], node.env) !== 0) {
        throw new Error(`Could not build better-sqlite3 for Node.js ${MAJOR}`);
      }
      fs.copyFileSync(binding, cached);
    }
    fs.copyFileSync(cached, binding);
    const versionOut = spawnSync('node', ['--version'], { env: node.env })
      .stdout.toString()
      .trim();
    console.log(`== Jest on Node.js ${versionOut}`);
    status = sh(
      'npx',
      [
        'backstage-cli',
        'repo',
        'test',
        '--ci',
        '--watchAll=false',
        ...process.argv.slice(2),
      ],
      node.env,
    );
  } finally {
    fs.copyFileSync(machineBuild, binding);
  }
  process.exit(status);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
