#!/usr/bin/env node
/*
 * `npm run test:consumer`: installs the published packages into a Backstage app the way an
 * adopter would, outside this workspace, and checks that they work there.
 *
 *  1. Builds and packs every published package (tsc, `backstage-cli package build`, npm pack,
 *     which runs prepack), and checks each tarball: its manifest points at dist/, everything it
 *     points at is packed, no src/ ships, and every @backstage/* range admits the version of the
 *     release in backstage.json.
 *  2. Creates an app with the real `@backstage/create-app` of that release (new frontend
 *     system), plus the app of its `--legacy` template, on Node 22 (create-app refuses older).
 *  3. Installs them with plain npm from the registry. create-app would seed yarn.lock with the
 *     release's versions (fetched from the internet); npm `overrides` pin the release's
 *     @backstage/* versions the same way. The tarballs go in as an adopter's `yarn add` would.
 *  4. Wires the plugins as the READMEs say (backend modules; the new app finds the frontend
 *     plugin by feature discovery; the legacy app gets the tab, the card, the page and the
 *     route binding), type-checks the app, builds both frontends, and checks the new app's
 *     bundle carries the plugin.
 *  5. Starts the app's backend, asks `GET /api/scaling/assessments/…` about an annotated
 *     entity, and checks the scaffolder lists the scaling:catalog-info:annotate action.
 *
 * Needs the npm registry (and corepack, for create-app's yarn check). Set KEEP=1 to keep the
 * scratch folder; CONSUMER_DIR to use a given one.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// The repo's own helpers, shared with scripts/; this folder is not published.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { ensureNode } = require('../../scripts/ensure-node');
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { freePort } = require('../../scripts/dev-ports');
const { checkPackedManifest, checkReleaseRanges } = require('./packedManifest');

const root = path.resolve(__dirname, '../..');
const APP_NAME = 'adopter-app';
const TOKEN = 'consumer-test-token';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

function step(message) {
  console.log(`\n== [${elapsed()}] ${message}`);
}

/**
 * Runs a command with its output in a log file; resolves with its stdout, or throws with the
 * tail of its output.
 */
function run(command, args, options = {}) {
  const {
    cwd = root,
    env = process.env,
    input,
    log,
    timeoutMs = 30 * 60_000,
  } = options;
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(log, { flags: 'a' });
    out.write(`\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let tail = '';
    let stdout = '';
    const keep = chunk => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-6000);
    };
    child.stdout.on('data', chunk => {
      keep(chunk);
      if (stdout.length < 50_000_000) stdout += chunk.toString();
    });
    child.stderr.on('data', keep);
    if (input) child.stdin.write(input);
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', code => {
      clearTimeout(timer);
      out.end();
      if (code === 0) resolve(stdout);
      else {
        const error = new Error(
          `${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}; log: ${log}\n${tail}`,
        );
        error.stdout = stdout;
        reject(error);
      }
    });
  });
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Replaces one text in a file, failing loudly when the template no longer has it. */
function edit(file, find, replace) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(find)) {
    throw new Error(
      `${file} no longer contains ${JSON.stringify(find)}: update the consumer test`,
    );
  }
  fs.writeFileSync(file, text.replace(find, replace));
}

/** The packages this repo publishes: every workspace package not marked private. */
function publishedPackages() {
  const dirs = [
    ...fs
      .readdirSync(path.join(root, 'plugins'))
      .map(d => path.join(root, 'plugins', d)),
    path.join(root, 'templates'),
  ];
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

async function packAll(work, log) {
  step('building and packing the published packages');
  await run('npx', ['tsc'], { log });
  const tarballs = new Map();
  for (const { dir, manifest } of publishedPackages()) {
    if (manifest.scripts?.build) {
      await run('npx', ['backstage-cli', 'package', 'build'], {
        cwd: dir,
        log,
      });
    }
    fs.mkdirSync(path.join(work, 'tarballs'), { recursive: true });
    const out = await run(
      'npm',
      ['pack', '--json', '--pack-destination', path.join(work, 'tarballs')],
      {
        cwd: dir,
        log,
      },
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
    const file = path.join(work, 'tarballs', packed.filename);
    tarballs.set(manifest.name, {
      file,
      size: packed.size,
      files: packed.files.map(f => f.path),
    });
  }
  return tarballs;
}

async function checkTarballs(tarballs, release, work, log) {
  step('checking the packed manifests');
  const problems = [];
  for (const [name, tarball] of tarballs) {
    const extracted = path.join(work, 'extracted', name);
    fs.mkdirSync(extracted, { recursive: true });
    await run('tar', ['-xzf', tarball.file, '-C', extracted], { log });
    const manifest = readJson(path.join(extracted, 'package', 'package.json'));
    problems.push(...checkPackedManifest({ files: tarball.files, manifest }));
    problems.push(...checkReleaseRanges(manifest, release));
    console.log(
      `   ${path.basename(tarball.file)}  ${(tarball.size / 1024).toFixed(1)} kB  main=${manifest.main}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `The packed packages are not publishable:\n- ${problems.join('\n- ')}`,
    );
  }
}

/**
 * The common package, installed alone from its tarball, loads through `require` and `import`
 * on this Node.js (20, the repo's) and on Node.js 22: what a frontend or backend bundle,
 * or a script, would do with it.
 */
async function loadCommon(tarballs, node22, work, log) {
  step('loading the common package on Node.js 20 and 22');
  const name = '@scaling-advisor/backstage-plugin-scaling-common';
  const dir = path.join(work, 'load-common');
  fs.mkdirSync(dir, { recursive: true });
  writeJson(path.join(dir, 'package.json'), {
    name: 'load-common',
    private: true,
  });
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      tarballs.get(name).file,
    ],
    { cwd: dir, log },
  );
  const script = [
    `const cjs = require('${name}');`,
    `import('${name}').then(esm => {`,
    `  const a = cjs.assess({ annotations: { 'scaling.io/active-users': '20000' } });`,
    `  const b = esm.assess({ annotations: { 'scaling.io/active-users': '20000' } });`,
    `  if (a.demand.tier !== 'kubernetes' || b.demand.tier !== 'kubernetes') throw new Error('wrong demand');`,
    `  console.log(process.version, Object.keys(cjs).length, 'exports');`,
    `});`,
  ].join('\n');
  for (const [label, env] of [
    ['Node.js 20', process.env],
    ['Node.js 22', node22.env],
  ]) {
    const out = await run('node', ['-e', script], { cwd: dir, env, log });
    console.log(`   ${label}: ${String(out).trim()}`);
  }
}

async function createApps(work, release, node22, log) {
  const createApp = release.get('@backstage/create-app');
  if (!createApp)
    throw new Error('The release pins no @backstage/create-app version');
  step(`creating apps with @backstage/create-app@${createApp}`);
  // create-app checks that yarn exists; corepack provides it from the npm registry.
  const shims = path.join(work, 'bin');
  fs.mkdirSync(shims, { recursive: true });
  fs.writeFileSync(
    path.join(shims, 'yarn'),
    '#!/bin/sh\nexec corepack yarn "$@"\n',
    { mode: 0o755 },
  );
  const registry = (
    process.env.npm_config_registry || 'https://registry.npmjs.org'
  ).replace(/\/$/, '');
  const env = {
    ...node22.env,
    PATH: `${shims}${path.delimiter}${node22.env.PATH}`,
    COREPACK_NPM_REGISTRY: registry,
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_HOME: path.join(work, 'corepack'),
  };
  const app = path.join(work, 'app');
  for (const [target, extra] of [
    [app, []],
    [path.join(work, 'legacy'), ['--legacy']],
  ]) {
    await run(
      'npx',
      [
        '-y',
        `@backstage/create-app@${createApp}`,
        '--skip-install',
        '--path',
        target,
        ...extra,
      ],
      {
        cwd: work,
        env,
        input: `${APP_NAME}\n`,
        log,
      },
    );
  }
  // The legacy template's frontend, next to the new one in the same app.
  fs.renameSync(
    path.join(work, 'legacy', 'packages', 'app'),
    path.join(app, 'packages', 'app-legacy'),
  );
  const legacyPkg = path.join(app, 'packages', 'app-legacy', 'package.json');
  writeJson(legacyPkg, { ...readJson(legacyPkg), name: 'app-legacy' });
  return app;
}

function addPlugins(app, tarballs, release) {
  step('adding the plugins as an adopter would');
  const spec = name => {
    const tarball = tarballs.get(name);
    if (!tarball) throw new Error(`No tarball for ${name}`);
    return `file:${tarball.file}`;
  };
  const rootPkg = path.join(app, 'package.json');
  const rootManifest = readJson(rootPkg);
  const direct = {
    ...rootManifest.dependencies,
    ...rootManifest.devDependencies,
  };
  const pins = Object.fromEntries(
    [...release]
      .filter(([name]) => name !== '@backstage/create-app')
      // npm wants an override of one of the root's own dependencies to refer to it with `$`.
      .map(([name, version]) => [name, direct[name] ? `$${name}` : version]),
  );
  // Yarn's `resolutions` (the @types/react major), as npm has them: root dev dependencies that
  // override every other request.
  const resolutions = rootManifest.resolutions ?? {};
  writeJson(rootPkg, {
    ...rootManifest,
    devDependencies: { ...rootManifest.devDependencies, ...resolutions },
    // What the release's yarn.lock seed does for create-app; and our packages from their
    // tarballs wherever they are asked for (the backend asks for the common package).
    overrides: {
      ...pins,
      ...Object.fromEntries(Object.keys(resolutions).map(n => [n, `$${n}`])),
      ...Object.fromEntries([...tarballs.keys()].map(n => [n, spec(n)])),
    },
  });
  fs.writeFileSync(path.join(app, '.npmrc'), 'legacy-peer-deps=true\n');

  const backendPkg = path.join(app, 'packages', 'backend', 'package.json');
  const backend = readJson(backendPkg);
  // Yarn's `link:` protocol; npm links workspaces by name.
  backend.dependencies.app = '*';
  for (const name of [
    '@scaling-advisor/backstage-plugin-scaling-backend',
    '@scaling-advisor/backstage-plugin-scaling-backend-module-prometheus',
    '@scaling-advisor/backstage-plugin-scaling-backend-module-repository',
    '@scaling-advisor/backstage-plugin-scaffolder-backend-module-scaling',
    '@scaling-advisor/backstage-scaling-templates',
  ]) {
    backend.dependencies[name] = spec(name);
  }
  writeJson(backendPkg, backend);
  // The templates' location, added to the app's list as templates/README.md says.
  edit(
    path.join(app, 'app-config.yaml'),
    '  locations:\n',
    [
      '  locations:',
      '    - type: file',
      '      target: ../../node_modules/@scaling-advisor/backstage-scaling-templates/all.yaml',
      '      rules:',
      '        - allow: [Template, Location]',
      '',
    ].join('\n'),
  );
  edit(
    path.join(app, 'packages', 'backend', 'src', 'index.ts'),
    'backend.start();',
    [
      "backend.add(import('@scaling-advisor/backstage-plugin-scaling-backend'));",
      "backend.add(import('@scaling-advisor/backstage-plugin-scaling-backend-module-prometheus'));",
      "backend.add(import('@scaling-advisor/backstage-plugin-scaling-backend-module-repository'));",
      "backend.add(import('@scaling-advisor/backstage-plugin-scaffolder-backend-module-scaling'));",
      '',
      'backend.start();',
    ].join('\n'),
  );

  for (const frontend of ['app', 'app-legacy']) {
    const file = path.join(app, 'packages', frontend, 'package.json');
    const pkg = readJson(file);
    pkg.dependencies['@scaling-advisor/backstage-plugin-scaling'] = spec(
      '@scaling-advisor/backstage-plugin-scaling',
    );
    writeJson(file, pkg);
  }

  // The legacy app, wired as plugins/scaling-frontend/README.md says.
  const legacy = path.join(app, 'packages', 'app-legacy', 'src');
  edit(
    path.join(legacy, 'App.tsx'),
    "import { Navigate, Route } from 'react-router-dom';",
    [
      "import { Navigate, Route } from 'react-router-dom';",
      "import { ScalingOverviewPage, scalingPlugin } from '@scaling-advisor/backstage-plugin-scaling';",
    ].join('\n'),
  );
  edit(
    path.join(legacy, 'App.tsx'),
    '    bind(orgPlugin.externalRoutes, {',
    [
      '    bind(scalingPlugin.externalRoutes, {',
      '      selectedTemplate: scaffolderPlugin.routes.selectedTemplate,',
      '    });',
      '    bind(orgPlugin.externalRoutes, {',
    ].join('\n'),
  );
  edit(
    path.join(legacy, 'App.tsx'),
    '  </FlatRoutes>',
    '    <Route path="/scaling" element={<ScalingOverviewPage />} />\n  </FlatRoutes>',
  );
  const entityPage = path.join(
    legacy,
    'components',
    'catalog',
    'EntityPage.tsx',
  );
  edit(
    entityPage,
    "import { Button, Grid } from '@material-ui/core';",
    [
      "import { Button, Grid } from '@material-ui/core';",
      'import {',
      '  EntityScalingCard,',
      '  EntityScalingContent,',
      '  EntityScalingOrgCard,',
      '  isScalingAvailable,',
      "} from '@scaling-advisor/backstage-plugin-scaling';",
    ].join('\n'),
  );
  edit(
    entityPage,
    '    <Grid item md={4} xs={12}>\n      <EntityLinksCard />',
    [
      '    <EntitySwitch>',
      '      <EntitySwitch.Case if={isScalingAvailable}>',
      '        <Grid item md={6}>',
      '          <EntityScalingCard />',
      '        </Grid>',
      '      </EntitySwitch.Case>',
      '    </EntitySwitch>',
      '    <Grid item md={4} xs={12}>',
      '      <EntityLinksCard />',
    ].join('\n'),
  );
  edit(
    entityPage,
    '    <EntityLayout.Route path="/docs" title="Docs">',
    [
      '    <EntityLayout.Route path="/scaling" title="Scaling" if={isScalingAvailable}>',
      '      <EntityScalingContent />',
      '    </EntityLayout.Route>',
      '',
      '    <EntityLayout.Route path="/docs" title="Docs">',
    ].join('\n'),
  );
  edit(
    entityPage,
    '        <Grid item xs={12} md={6}>\n          <EntityMembersListCard />',
    [
      '        <Grid item xs={12} md={6}>',
      '          <EntityScalingOrgCard />',
      '        </Grid>',
      '        <Grid item xs={12} md={6}>',
      '          <EntityMembersListCard />',
    ].join('\n'),
  );

  // An entity as its owners would annotate it.
  fs.appendFileSync(
    path.join(app, 'examples', 'entities.yaml'),
    [
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: orders',
      '  annotations:',
      "    scaling.io/active-users: '12000'",
      "    scaling.io/uptime-sla: '99.9'",
      '    scaling.io/platform: ecs-fargate',
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: guests',
      '',
    ].join('\n'),
  );
}

/** @backstage/* packages installed in more than one version. */
async function duplicates(app, node22, log) {
  // npm ls exits 1 for the peer-dependency problems that legacy-peer-deps lets through; its JSON
  // tree is complete all the same.
  const out = await run('npm', ['ls', '--all', '--json', '--silent'], {
    cwd: app,
    env: node22.env,
    log,
  }).catch(error => error.stdout);
  const tree = JSON.parse(out);
  const versions = new Map();
  const walk = node => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (name.startsWith('@backstage/') && child.version) {
        versions.set(
          name,
          (versions.get(name) ?? new Set()).add(child.version),
        );
      }
      walk(child);
    }
  };
  walk(tree);
  return [...versions]
    .filter(([, v]) => v.size > 1)
    .map(([n, v]) => `${n} ${[...v].join(', ')}`);
}

async function startBackend(app, node22, log) {
  const port = await freePort();
  const config = path.join(app, 'app-config.consumer.yaml');
  fs.writeFileSync(
    config,
    [
      'backend:',
      `  baseUrl: http://127.0.0.1:${port}`,
      `  listen: { port: ${port}, host: 127.0.0.1 }`,
      '  auth:',
      '    externalAccess:',
      '      - type: static',
      `        options: { token: ${TOKEN}, subject: consumer-test }`,
      '',
    ].join('\n'),
  );
  const out = fs.openSync(path.join(path.dirname(log), 'backend.log'), 'a');
  const child = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    {
      cwd: path.join(app, 'packages', 'backend'),
      env: node22.env,
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 360; i++) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${base}/.backstage/health/v1/readiness`).then(
      r => r.ok,
      () => false,
    );
    if (ready) return { base, stop };
    await new Promise(r => setTimeout(r, 500));
  }
  stop();
  throw new Error(
    `The app's backend did not become ready; see ${path.join(path.dirname(log), 'backend.log')}`,
  );
}

async function askForAssessment(base) {
  const url = `${base}/api/scaling/assessments/component/default/orders`;
  let last;
  // The catalog processes the new entity within seconds of starting.
  for (let i = 0; i < 120; i++) {
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    last = `${res.status} ${await res.text()}`;
    if (res.status === 200) {
      const body = JSON.parse(last.slice(4));
      const expected = {
        currentTier: 'managed-cloud',
        recommendedTier: 'managed-cloud',
        status: 'aligned',
      };
      for (const [key, value] of Object.entries(expected)) {
        if (body[key] !== value) {
          throw new Error(
            `GET ${url}: ${key} is ${JSON.stringify(body[key])}, expected ${JSON.stringify(value)}`,
          );
        }
      }
      // Aligned on managed cloud: the next tier's template, registered from node_modules.
      const offered = body.templates.map(t => t.entityRef);
      if (!offered.includes('template:default/scaling-kubernetes')) {
        if (i < 60) {
          // The catalog may not have read the templates' location yet.
          await new Promise(r => setTimeout(r, 1000));
          continue;
        }
        throw new Error(
          `GET ${url}: offers ${JSON.stringify(offered)}, not template:default/scaling-kubernetes`,
        );
      }
      return body;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `GET ${url} never answered 200; last answer: ${last.slice(0, 500)}`,
  );
}

/** The app's scaffolder lists the action: the module installed from its tarball. */
async function expectAction(base, id) {
  const url = `${base}/api/scaffolder/v2/actions`;
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 500)}`);
  }
  const ids = JSON.parse(text).map(a => a.id);
  if (!ids.includes(id)) {
    throw new Error(`GET ${url}: no ${id} among ${ids.length} actions`);
  }
}

async function main() {
  const work =
    process.env.CONSUMER_DIR ||
    fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-consumer-'));
  fs.mkdirSync(work, { recursive: true });
  const log = path.join(work, 'consumer.log');
  console.log(`Consumer test in ${work} (log: ${log})`);
  const release = releaseVersions();
  const backstage = readJson(path.join(root, 'backstage.json')).version;
  let backendHandle;
  try {
    const node22 = ensureNode(22);
    const tarballs = await packAll(work, log);
    await checkTarballs(tarballs, release, work, log);
    await loadCommon(tarballs, node22, work, log);

    const app = await createApps(work, release, node22, log);
    addPlugins(app, tarballs, release);

    step('npm install (Node 22)');
    await run('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: app,
      env: node22.env,
      log,
    });
    const dups = await duplicates(app, node22, log);
    if (dups.length > 0) {
      throw new Error(
        `The app has @backstage packages in more than one version:\n- ${dups.join('\n- ')}`,
      );
    }

    step('type-checking the app (tsc)');
    await run('npx', ['tsc', '--noEmit', '--incremental', 'false'], {
      cwd: app,
      env: node22.env,
      log,
    });

    step('building the frontends');
    for (const frontend of ['app', 'app-legacy']) {
      await run('npx', ['backstage-cli', 'package', 'build'], {
        cwd: path.join(app, 'packages', frontend),
        env: node22.env,
        log,
      });
    }
    // Feature discovery (`app.packages: all`) puts the plugin in the new app without code.
    const bundle = path.join(app, 'packages', 'app', 'dist', 'static');
    const carries = fs
      .readdirSync(bundle)
      .filter(f => f.endsWith('.js'))
      .some(f =>
        fs
          .readFileSync(path.join(bundle, f), 'utf8')
          .includes('Launch migration'),
      );
    if (!carries) {
      throw new Error(
        'The new app bundle does not carry the Scaling Advisor frontend plugin',
      );
    }

    step("starting the app's backend (Node 22)");
    backendHandle = await startBackend(app, node22, log);
    const assessment = await askForAssessment(backendHandle.base);
    console.log(
      `   GET /api/scaling/assessments/component/default/orders → 200: ${assessment.currentTier} → ${assessment.recommendedTier} (${assessment.status}), offers ${assessment.templates.map(t => t.entityRef).join(', ')}`,
    );
    await expectAction(backendHandle.base, 'scaling:catalog-info:annotate');
    console.log(
      '   GET /api/scaffolder/v2/actions → scaling:catalog-info:annotate is installed',
    );

    console.log(
      `\nconsumer test passed in ${elapsed()} against Backstage ${backstage}`,
    );
    for (const [, t] of tarballs)
      console.log(
        `  ${path.basename(t.file)}  ${(t.size / 1024).toFixed(1)} kB`,
      );
  } finally {
    backendHandle?.stop();
  }
  // The scratch app is 2 GB: kept on failure (to look at) or when asked.
  if (!process.env.KEEP && !process.env.CONSUMER_DIR) {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`\nconsumer test FAILED after ${elapsed()}: ${error.message}`);
  process.exit(1);
});
