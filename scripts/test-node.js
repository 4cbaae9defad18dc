#!/usr/bin/env node
/*
 * `node scripts/test-node.js <major> [jest args]` (`npm run test:node24`): every package's Jest
 * suites again, on another Node.js than the machine's. The packages declare Node.js 20, 22 and
 * 24: `npm test` runs them on the machine's (20 here), this on 24, and the consumer test runs
 * an app on 22.
 *
 * better-sqlite3 is a native module built for one Node.js ABI. Its build for that Node.js is made
 * once (node-gyp against its headers) and kept in node_modules/.cache; for the run it is swapped
 * in, and the machine's build is put back afterwards, even when the tests fail.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureNode } = require('./ensure-node');

const root = path.resolve(__dirname, '..');

function sh(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status ?? 1;
}

function main() {
  const [major, ...jestArgs] = process.argv.slice(2);
  if (!/^\d+$/.test(major ?? '')) {
    throw new Error(
      'Usage: node scripts/test-node.js <node major> [jest args]',
    );
  }
  const MAJOR = Number(major);
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
        ...jestArgs,
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
