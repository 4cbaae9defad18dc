#!/usr/bin/env node
/*
 * `npm start [-- --config extra.yaml ...] [-- --app-port 3001 --backend-port 7008]`: the whole
 * product for development — the dev backend (scripts/start-backend.js: catalog with the example
 * org and the migration templates, scaffolder, guest auth, the scaling plugin, the demo GitHub
 * and Kubernetes cluster, demo Prometheus when installed) and the dev app (packages/app) — with
 * app-config.yaml and then any extra config files. Checks both ports first, prints the URL to
 * open once both answer, and stops both on Ctrl-C. The end-to-end tests (e2e/run.js) start the
 * product through this script.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const {
  configuredPorts,
  portIsFree,
  writePortsConfig,
} = require('./dev-ports');

const root = path.resolve(__dirname, '..');
const callerDir = process.env.INIT_CWD || process.cwd();
/** Printed, alone on a line, once both servers answer; e2e/run.js waits for it. */
const READY_LINE_PREFIX = 'Scaling Advisor is ready';

const USAGE =
  'Usage: npm start -- [--config FILE]... [--app-port PORT] [--backend-port PORT]';

function parseArgs(argv) {
  const configFiles = [path.join(root, 'app-config.yaml')];
  const ports = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!['--config', '--app-port', '--backend-port'].includes(flag)) {
      fail(`Unknown argument '${argv[i]}'.\n${USAGE}`, 2);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      fail(`${flag} needs a value.\n${USAGE}`, 2);
    }
    if (flag === '--config') {
      configFiles.push(path.resolve(callerDir, value));
    } else if (flag === '--app-port' || flag === '--backend-port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        fail(`${flag} must be a port number, got '${value}'.\n${USAGE}`, 2);
      }
      ports[flag === '--app-port' ? 'appPort' : 'backendPort'] = port;
    }
  }
  if (ports.appPort || ports.backendPort) {
    configFiles.push(writePortsConfig(ports));
  }
  return configFiles;
}

function fail(message, code = 1) {
  console.error(message);
  process.exit(code);
}

async function checkPorts(ports) {
  const taken = [];
  for (const [what, port, key] of [
    ['the app', ports.app, 'app.baseUrl'],
    ['the backend', ports.backend, 'backend.baseUrl and backend.listen.port'],
  ]) {
    if (!(await portIsFree(port))) taken.push({ what, port, key });
  }
  if (taken.length === 0) return;
  const suggestion = {
    app: ports.app === 3000 ? 3001 : ports.app + 1,
    backend: ports.backend === 7007 ? 7008 : ports.backend + 1,
  };
  fail(
    `${taken
      .map(
        t =>
          `Port ${t.port} is already in use, so ${t.what} cannot start on it (${t.key}).`,
      )
      .join('\n')}\n` +
      `Stop whatever listens there (\`ss -ltnp 'sport = :${taken[0].port}'\` shows it), or start on other ports:\n` +
      `  npm start -- --app-port ${suggestion.app} --backend-port ${suggestion.backend}\n` +
      `(or pass --config with a file that sets app.baseUrl, backend.baseUrl, backend.listen.port and backend.cors.origin).`,
  );
}

/** Resolves once `url` answers 2xx; rejects if `child` exits first. */
async function waitForHttp(url, child, name) {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`,
      );
    }
    try {
      // The app's dev server holds requests until its first bundle is compiled.
      const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

async function main() {
  const configFiles = parseArgs(process.argv.slice(2));
  const ports = configuredPorts(configFiles);
  await checkPorts(ports);
  const configArgs = configFiles.flatMap(f => ['--config', f]);
  const started = Date.now();

  // Each server in its own process group, so stopping one stops everything it started
  // (backstage-cli's watchers, the backend's child process, the demo Prometheus).
  const children = [];
  const startChild = (name, command, args, options) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      ...options,
    });
    child.name = name;
    children.push(child);
    return child;
  };

  const backend = startChild(
    'backend',
    process.execPath,
    // start-backend.js puts app-config.yaml first itself (and the demo Prometheus's after it).
    [
      path.join(__dirname, 'start-backend.js'),
      ...configFiles.slice(1).flatMap(f => ['--config', f]),
    ],
    {
      cwd: root,
      env: { ...process.env, SCALING_BACKEND_PORT: String(ports.backend) },
    },
  );
  const app = startChild(
    'app',
    path.join(root, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', ...configArgs],
    {
      cwd: path.join(root, 'packages/app'),
      // No browser is opened for you: the URL is printed instead.
      env: { ...process.env, BROWSER: 'none' },
    },
  );

  let stopping = false;
  const stop = (code, reason) => {
    if (stopping) return;
    stopping = true;
    if (reason) console.error(`\n${reason}; stopping.`);
    const running = children.filter(
      c => c.exitCode === null && c.signalCode === null,
    );
    const signalGroups = signal => {
      for (const child of running) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      }
    };
    signalGroups('SIGTERM');
    const force = setTimeout(() => signalGroups('SIGKILL'), 10_000);
    Promise.all(
      running.map(
        c =>
          new Promise(resolve => {
            if (c.exitCode !== null || c.signalCode !== null) resolve();
            else c.once('exit', resolve);
          }),
      ),
    ).then(() => {
      clearTimeout(force);
      // The groups may still hold grandchildren that ignored SIGTERM.
      signalGroups('SIGKILL');
      process.exit(code);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => stop(signal === 'SIGINT' ? 130 : 143));
  }
  for (const child of children) {
    child.on('exit', (code, signal) =>
      stop(1, `The ${child.name} exited (${signal ?? `code ${code}`})`),
    );
    child.on('error', error =>
      stop(1, `The ${child.name} could not start: ${error.message}`),
    );
  }

  const appUrl = `http://localhost:${ports.app}`;
  const backendUrl = `http://localhost:${ports.backend}`;
  try {
    await Promise.all([
      waitForHttp(
        `${backendUrl}/.backstage/health/v1/readiness`,
        backend,
        'The backend',
      ),
      waitForHttp(appUrl, app, 'The app'),
    ]);
  } catch (error) {
    stop(1, error.message);
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // Let the servers' own "ready" and "compiled" lines go first, so the URL is the last word.
  await new Promise(r => setTimeout(r, 1500));
  if (stopping) return;
  console.log(
    `\n${READY_LINE_PREFIX} in ${seconds}s: open ${appUrl}\n` +
      `  sign in as guest; the backend is on ${backendUrl}. Ctrl-C stops both.\n`,
  );
}

main();
