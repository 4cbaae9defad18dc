#!/usr/bin/env node
/*
 * `npm run test:consumer`: installs the packages into Backstage apps the way an adopter would,
 * outside this workspace, following the root README's install section as written.
 *
 *  1. `npm run pack`'s build and pack (scripts/pack.js): every publishable package, each
 *     tarball checked (manifest points at dist/, nothing from src/, every @backstage/* range
 *     admits the release in backstage.json). The common package then loads through `require`
 *     and `import` on Node.js 20 and 22.
 *  2. A loopback npm registry serves the tarballs under their names (tests/consumer/registry.js);
 *     the apps' yarn asks it for the `@scaling-advisor` scope only, as it would ask npmjs once
 *     they are published. Everything else comes from the real registry.
 *  3. The release: an app from the real `@backstage/create-app` of the release (new frontend
 *     system, plus its legacy template's frontend), on Node.js 22, with yarn 4 through corepack.
 *     Its lockfile holds the release's versions, as the seed lockfile create-app fetches would
 *     (tests/consumer/appState.js; the seed itself is out of reach here). Then every `yarn`
 *     command, `backend.add` line and config block of the README's install section, in order;
 *     the legacy frontend wired as the frontend README says. Fails on any `@backstage/*`
 *     package installed in more than one version. Type-checks and builds the app, starts its
 *     backend, asks for an assessment with the README's static token and checks the
 *     scaffolder lists the `scaling:catalog-info:annotate` action.
 *  4. The newest: a second app whose caret ranges resolve to the newest published packages (a
 *     create-app app whose seed could not be fetched). Prints the packages installed in more
 *     than one version before and after the README's `yarn add`s, and whether that matches the
 *     README's "What an app on the newest packages gets".
 *
 * Needs the npm registry and corepack. Set KEEP=1 to keep the scratch folder; CONSUMER_DIR to
 * use a given one; CONSUMER_SKIP_NEWEST=1 to leave out step 4.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
// The repo's own scripts, shared with the consumer test; this folder is not published.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { ensureNode } = require('../../scripts/ensure-node');
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { freePort } = require('../../scripts/dev-ports');
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { packAll, releaseVersions } = require('../../scripts/pack');
const { startRegistry } = require('./registry');
const { duplicates, lockReleaseVersions } = require('./appState');
const {
  installSection,
  yarnCommands,
  backendFeatures,
  configBlocks,
  newestNote,
} = require('./readme');

const root = path.resolve(__dirname, '../..');
const APP_NAME = 'adopter-app';
/** The README's `${SCALING_API_TOKEN}`, as the app's environment gives it. */
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

/** A list for the console, one item a line. */
function list(items) {
  return items.length ? `\n     - ${items.join('\n     - ')}` : ' none';
}

/** Deep merge of config as an adopter adds a block: maps merge, lists are extended. */
function addConfig(base, added) {
  if (Array.isArray(base) && Array.isArray(added)) return [...base, ...added];
  if (
    base &&
    added &&
    typeof base === 'object' &&
    typeof added === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(added)
  ) {
    const out = { ...base };
    for (const [key, value] of Object.entries(added)) {
      out[key] = key in base ? addConfig(base[key], value) : value;
    }
    return out;
  }
  return added;
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

/**
 * The environment the apps' yarn runs in: Node.js 22, and yarn from corepack, which fetches the
 * version the app's `packageManager` names from the npm registry (create-app also ships it in
 * `.yarn/releases`, which its `yarnPath` runs).
 */
function yarnEnvironment(work, node22) {
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
  return {
    ...node22.env,
    PATH: `${shims}${path.delimiter}${node22.env.PATH}`,
    COREPACK_NPM_REGISTRY: registry,
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_HOME: path.join(work, 'corepack'),
    // yarn's own progress output is for terminals.
    YARN_ENABLE_PROGRESS_BARS: 'false',
    // With CI set (as CI sets it), yarn refuses any install that changes the lockfile; an
    // adopter's install is one that does (the app's first install, the packages it adds).
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
}

/** An app from the release's create-app; with `legacy`, its legacy template's frontend beside. */
async function createApp(target, { createAppVersion, env, legacy, log }) {
  const create = dir =>
    run(
      'npx',
      [
        '-y',
        `@backstage/create-app@${createAppVersion}`,
        '--skip-install',
        '--path',
        dir,
        ...(dir === target ? [] : ['--legacy']),
      ],
      { cwd: path.dirname(target), env, input: `${APP_NAME}\n`, log },
    );
  await create(target);
  if (legacy) {
    const legacyDir = `${target}-legacy`;
    await create(legacyDir);
    fs.renameSync(
      path.join(legacyDir, 'packages', 'app'),
      path.join(target, 'packages', 'app-legacy'),
    );
    fs.rmSync(legacyDir, { recursive: true, force: true });
    const pkg = path.join(target, 'packages', 'app-legacy', 'package.json');
    writeJson(pkg, { ...readJson(pkg), name: 'app-legacy' });
  }
}

/**
 * Points the app's yarn at the loopback registry for the `@scaling-advisor` scope, over plain
 * HTTP on loopback; the tarballs are minutes old, so the app's minimum-age gate (create-app sets
 * `npmMinimalAgeGate: 3d`) lets them through, as it does `@backstage/*`.
 */
function useRegistry(app, registry) {
  const file = path.join(app, '.yarnrc.yml');
  const rc = YAML.parse(fs.readFileSync(file, 'utf8'));
  rc.npmScopes = {
    ...rc.npmScopes,
    'scaling-advisor': { npmRegistryServer: registry.url },
  };
  rc.unsafeHttpWhitelist = [...(rc.unsafeHttpWhitelist ?? []), '127.0.0.1'];
  rc.npmPreapprovedPackages = [
    ...(rc.npmPreapprovedPackages ?? []),
    '@scaling-advisor/*',
  ];
  fs.writeFileSync(file, YAML.stringify(rc));
}

/**
 * The app's own Tech Insights, which the README's Tech Insights module extends: the community
 * backend and its JSON rules module, at the versions the module is tested with (its
 * devDependencies), as an app of the release that runs Tech Insights has them.
 */
function addTechInsights(app) {
  const tested = readJson(
    path.join(
      root,
      'plugins/tech-insights-backend-module-scaling/package.json',
    ),
  ).devDependencies;
  const names = [
    '@backstage-community/plugin-tech-insights-backend',
    '@backstage-community/plugin-tech-insights-backend-module-jsonfc',
  ];
  const file = path.join(app, 'packages', 'backend', 'package.json');
  const pkg = readJson(file);
  for (const name of names) pkg.dependencies[name] = tested[name];
  writeJson(file, pkg);
  edit(
    path.join(app, 'packages', 'backend', 'src', 'index.ts'),
    'backend.start();',
    `${names.map(n => `backend.add(import('${n}'));`).join('\n')}\n\nbackend.start();`,
  );
}

/**
 * The app on the release: installs it with every `@backstage/*` package pinned to the release,
 * then keeps those versions in its lockfile only (see `lockReleaseVersions`).
 */
async function installRelease(app, release, env, log) {
  const rootPkg = path.join(app, 'package.json');
  const pkg = readJson(rootPkg);
  const pinned = [...release].filter(
    ([name]) => name !== '@backstage/create-app',
  );
  writeJson(rootPkg, {
    ...pkg,
    resolutions: { ...pkg.resolutions, ...Object.fromEntries(pinned) },
  });
  await run('yarn', ['install'], { cwd: app, env, log });
  lockReleaseVersions(
    app,
    pinned.map(([name]) => name),
  );
  await run('yarn', ['install'], { cwd: app, env, log });
}

/** The README's install section, applied to the app: its commands, backend lines and config. */
async function followReadme(app, env, log) {
  const section = installSection(
    fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
  );
  const commands = yarnCommands(section);
  if (commands.length === 0)
    throw new Error('The README shows no yarn command');
  for (const args of commands) {
    console.log(`   yarn ${args.join(' ')}`);
    await run('yarn', args, { cwd: app, env, log });
    // The legacy frontend gets the frontend plugin as the new one does.
    if (args[0] === '--cwd' && args[1] === 'packages/app') {
      await run('yarn', ['--cwd', 'packages/app-legacy', ...args.slice(2)], {
        cwd: app,
        env,
        log,
      });
    }
  }
  const features = backendFeatures(section);
  console.log(`   backend.add: ${features.length} features`);
  edit(
    path.join(app, 'packages', 'backend', 'src', 'index.ts'),
    'backend.start();',
    `${features.map(f => `backend.add(import('${f}'));`).join('\n')}\n\nbackend.start();`,
  );
  const configFile = path.join(app, 'app-config.yaml');
  let config = YAML.parse(fs.readFileSync(configFile, 'utf8'));
  for (const block of configBlocks(section)) config = addConfig(config, block);
  fs.writeFileSync(configFile, YAML.stringify(config));
}

/** The legacy app, wired as plugins/scaling-frontend/README.md says. */
function wireLegacyApp(app) {
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
}

/** An entity as its owners would annotate it. */
function addAnnotatedEntity(app) {
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

/**
 * What an app on the newest published packages gets: the `@backstage/*` packages it has in more
 * than one version by itself, and with the README's packages added. The README's adds are
 * grouped per workspace here: only the resolution matters.
 */
async function newestApp(work, { createAppVersion, env, registry, log }) {
  const app = path.join(work, 'newest');
  await createApp(app, { createAppVersion, env, legacy: false, log });
  useRegistry(app, registry);
  addTechInsights(app);
  await run('yarn', ['install'], { cwd: app, env, log });
  const before = duplicates(app);
  const section = installSection(
    fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
  );
  const byWorkspace = new Map();
  for (const args of yarnCommands(section)) {
    const [, cwd, verb, ...names] = args;
    if (verb !== 'add') continue;
    byWorkspace.set(cwd, [...(byWorkspace.get(cwd) ?? []), ...names]);
  }
  for (const [cwd, names] of byWorkspace) {
    await run('yarn', ['--cwd', cwd, 'add', ...names], { cwd: app, env, log });
  }
  const after = duplicates(app);
  const nameOf = line => line.split(' ')[0];
  const added = after.filter(
    line => !before.some(b => nameOf(b) === nameOf(line)),
  );
  return { before, after, added: added.map(nameOf) };
}

async function startBackend(app, env, log) {
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
    'yarn',
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
      env: { ...env, SCALING_API_TOKEN: TOKEN },
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
  const createAppVersion = release.get('@backstage/create-app');
  if (!createAppVersion)
    throw new Error('The release pins no @backstage/create-app version');
  let backendHandle;
  let registry;
  try {
    const node22 = ensureNode(22);
    step('building and packing the publishable packages (npm run pack)');
    const tarballs = await packAll({
      outDir: path.join(work, 'tarballs'),
      log,
    });
    for (const [name, t] of tarballs) {
      console.log(
        `   ${path.basename(t.file)}  ${(t.size / 1024).toFixed(1)} kB  main=${t.manifest.main ?? '-'}  ${name}`,
      );
    }
    await loadCommon(tarballs, node22, work, log);
    registry = await startRegistry(tarballs);
    const env = yarnEnvironment(work, node22);

    step(
      `the release: an app from @backstage/create-app@${createAppVersion}, its lockfile on Backstage ${backstage}`,
    );
    const app = path.join(work, 'app');
    await createApp(app, { createAppVersion, env, legacy: true, log });
    useRegistry(app, registry);
    addTechInsights(app);
    await installRelease(app, release, env, log);
    // What the app has twice before any package of ours: the community Tech Insights backend's
    // own (the README says which); the README's commands must add none.
    const before = duplicates(app);
    console.log(
      `   yarn ${(await run('yarn', ['--version'], { cwd: app, env, log })).trim()}; in two versions before the README's packages (the app's own Tech Insights):${list(before)}`,
    );

    step("following the README's install section");
    await followReadme(app, env, log);
    wireLegacyApp(app);
    addAnnotatedEntity(app);
    await run('yarn', ['install'], { cwd: app, env, log });
    const added = duplicates(app).filter(line => !before.includes(line));
    if (added.length > 0) {
      throw new Error(
        `The README's packages give the app of release ${backstage} @backstage packages in more than one version:\n- ${added.join('\n- ')}`,
      );
    }
    console.log('   they add no @backstage package in a second version');

    step('type-checking the app (yarn tsc)');
    await run('yarn', ['tsc', '--noEmit', '--incremental', 'false'], {
      cwd: app,
      env,
      log,
    });

    step('building the frontends');
    for (const frontend of ['app', 'app-legacy']) {
      await run('yarn', ['--cwd', `packages/${frontend}`, 'build'], {
        cwd: app,
        env,
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
    backendHandle = await startBackend(app, env, log);
    const assessment = await askForAssessment(backendHandle.base);
    console.log(
      `   GET /api/scaling/assessments/component/default/orders with the README's token → 200: ${assessment.currentTier} → ${assessment.recommendedTier} (${assessment.status}), offers ${assessment.templates.map(t => t.entityRef).join(', ')}`,
    );
    await expectAction(backendHandle.base, 'scaling:catalog-info:annotate');
    console.log(
      '   GET /api/scaffolder/v2/actions → scaling:catalog-info:annotate is installed',
    );
    backendHandle.stop();
    backendHandle = undefined;

    if (!process.env.CONSUMER_SKIP_NEWEST) {
      step(
        'the newest: an app whose caret ranges take the newest published packages',
      );
      const newest = await newestApp(work, {
        createAppVersion,
        env,
        registry,
        log,
      });
      console.log(`   in two versions in the app alone:${list(newest.before)}`);
      console.log(`   with the README's packages:${list(newest.after)}`);
      console.log(`   added by them:${list(newest.added)}`);
      const noted = newestNote(
        fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
      );
      const same =
        noted.length === newest.added.length &&
        noted.every(n => newest.added.includes(n));
      console.log(
        same
          ? "   the README's note lists the same packages"
          : `   the README's note differs: it lists ${noted.join(', ') || 'none'}`,
      );
    }

    console.log(
      `\nconsumer test passed in ${elapsed()} against Backstage ${backstage}`,
    );
  } finally {
    backendHandle?.stop();
    await registry?.close();
  }
  // The scratch apps are gigabytes: kept on failure (to look at) or when asked.
  if (!process.env.KEEP && !process.env.CONSUMER_DIR) {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`\nconsumer test failed after ${elapsed()}: ${error.message}`);
  process.exitCode = 1;
});
