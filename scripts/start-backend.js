#!/usr/bin/env node
/*
 * `npm run start:backend [-- --config extra.yaml ...]`: starts the development backend
 * (packages/backend) with app-config.yaml, then any extra config files merged
 * after it. Paths are taken relative to where npm was run. Prints the URL once ready.
 * With `prometheus` on the PATH it also starts a demo Prometheus (scripts/demo-prometheus.js);
 * it always starts the demo GitHub (scripts/demo-github.js) and the demo Kubernetes cluster
 * (scripts/demo-kubernetes.js), each unless its SCALING_DEMO_* variable says off.
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { startDemoGithub } = require('./demo-github');
const { startDemoKubernetes } = require('./demo-kubernetes');
const { startDemoPrometheus } = require('./demo-prometheus');

const root = path.resolve(__dirname, '..');
const callerDir = process.env.INIT_CWD || process.cwd();
const PORT = Number(process.env.SCALING_BACKEND_PORT || 7007);

function configArgs(argv) {
  const files = [path.join(root, 'app-config.yaml')];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config' && argv[i + 1]) {
      files.push(path.resolve(callerDir, argv[++i]));
    } else if (arg.startsWith('--config=')) {
      files.push(path.resolve(callerDir, arg.slice('--config='.length)));
    } else {
      console.error(
        `Unknown argument '${arg}'. Usage: npm run start:backend -- [--config FILE]...`,
      );
      process.exit(2);
    }
  }
  return files.flatMap(f => ['--config', f]);
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, '0.0.0.0');
  });
}

async function waitUntilReady(url, child) {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  const args = configArgs(process.argv.slice(2));
  if (!(await portIsFree(PORT))) {
    console.error(
      `Port ${PORT} is already in use, so the backend cannot start.\n` +
        `Stop whatever listens there, or run on another port:\n` +
        `  SCALING_BACKEND_PORT=7008 npm run start:backend -- --config my-port.yaml\n` +
        `where my-port.yaml sets backend.listen.port and backend.baseUrl to that port.`,
    );
    process.exit(1);
  }

  // Demo metrics (scripts/demo-prometheus.js): with `prometheus` on the PATH, a local one with
  // backfilled series for the example org. Its config goes after app-config.yaml and before the
  // caller's --config files, so those can still point scaling.metrics.prometheus elsewhere.
  const log = message => console.log(`[demo] ${message}`);
  // Demo repositories (scripts/demo-github.js): Backstage's example org, read from a loopback
  // GitHub by the catalog and the repository module.
  const github = await startDemoGithub(log);
  if (github) {
    args.splice(2, 0, '--config', github.configFile);
    process.on('exit', github.stop);
  }
  // Demo cluster (scripts/demo-kubernetes.js): workloads of the example org, read by the
  // Kubernetes backend and, through its action, by the Kubernetes module.
  const kubernetes = await startDemoKubernetes(log);
  if (kubernetes) {
    args.splice(2, 0, '--config', kubernetes.configFile);
    process.on('exit', kubernetes.stop);
  }
  const demo = await startDemoPrometheus(log);
  if (demo) {
    args.splice(2, 0, '--config', demo.configFile);
    process.on('exit', demo.stop);
  }

  const started = Date.now();
  const child = spawn('npx', ['backstage-cli', 'package', 'start', ...args], {
    cwd: path.join(root, 'packages/backend'),
    stdio: 'inherit',
  });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', code => process.exit(code ?? 0));

  const url = `http://localhost:${PORT}`;
  if (await waitUntilReady(url, child)) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `\nScaling Advisor backend ready in ${seconds}s: ${url}/api/scaling/overview\n` +
        `  try: curl -H "Authorization: Bearer scaling-dev-token" ${url}/api/scaling/overview\n`,
    );
  }
}

main();
