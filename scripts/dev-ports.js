/*
 * Ports for `npm start` (scripts/start.js): which ports the app and the backend will use under
 * the given config files, a config fragment that moves them, and whether a port is free.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');

const DEFAULT_APP_PORT = 3000;
const DEFAULT_BACKEND_PORT = 7007;

function portOfUrl(value) {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    if (url.port) return Number(url.port);
    return url.protocol === 'https:' ? 443 : 80;
  } catch {
    return undefined; // e.g. `${APP_BASE_URL}`: left to Backstage
  }
}

function asPort(value) {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/**
 * The ports the dev servers listen on under these config files (later files win, as in
 * Backstage): the app on `app.listen.port` or the port of `app.baseUrl`, the backend on
 * `backend.listen.port` or the port of `backend.baseUrl`.
 */
function configuredPorts(configFiles) {
  let appPort;
  let backendPort;
  for (const file of configFiles) {
    const config = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
    const app = config.app ?? {};
    const backend = config.backend ?? {};
    appPort = asPort(app.listen?.port) ?? portOfUrl(app.baseUrl) ?? appPort;
    backendPort =
      asPort(backend.listen?.port) ?? portOfUrl(backend.baseUrl) ?? backendPort;
  }
  return {
    app: appPort ?? DEFAULT_APP_PORT,
    backend: backendPort ?? DEFAULT_BACKEND_PORT,
  };
}

/**
 * A temporary config file that moves the app and/or the backend to other ports on localhost
 * (and keeps CORS between them working). Removed when the process exits.
 */
function writePortsConfig({ appPort, backendPort }) {
  const config = {};
  if (appPort) {
    config.app = { baseUrl: `http://localhost:${appPort}` };
  }
  if (backendPort || appPort) {
    config.backend = {};
    if (backendPort) {
      config.backend.baseUrl = `http://localhost:${backendPort}`;
      config.backend.listen = { port: backendPort };
    }
    if (appPort) {
      config.backend.cors = { origin: `http://localhost:${appPort}` };
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-start-'));
  const file = path.join(dir, 'app-config.ports.yaml');
  fs.writeFileSync(
    file,
    `# Written by scripts/start.js for --app-port/--backend-port (removed on exit).\n${YAML.stringify(config)}`,
  );
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return file;
}

function canListen(port, host) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', error =>
      // No IPv6 on this machine: nothing can listen there either.
      resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'),
    );
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, host);
  });
}

function answers(port, host) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A free loopback port, from the kernel. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on the port, on any address `localhost` may resolve to. */
async function portIsFree(port) {
  if (!(await canListen(port, '0.0.0.0')) || !(await canListen(port, '::'))) {
    return false;
  }
  return !(await answers(port, '127.0.0.1')) && !(await answers(port, '::1'));
}

module.exports = {
  DEFAULT_APP_PORT,
  DEFAULT_BACKEND_PORT,
  configuredPorts,
  writePortsConfig,
  portIsFree,
  freePort,
};
