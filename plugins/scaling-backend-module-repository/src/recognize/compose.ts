/*
 * Docker Compose and Docker Swarm stack files. Swarm reads the same format (`docker stack deploy
 * -c`), so a Compose file is a Swarm stack when it is named as one or uses keys only Swarm acts
 * on; `deploy.replicas` and `deploy.resources` alone are honoured by `docker compose` too.
 */
import { Data, at, entries, isRecord, port, text } from './data';
import { commandPath } from './health';
import { Observations } from './observations';

const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
const STACK_FILE = /^(docker-)?stack([.-][\w.-]+)?\.ya?ml$/i;

export function isComposeFile(name: string): boolean {
  return COMPOSE_FILE.test(name) || STACK_FILE.test(name);
}

const SWARM_DEPLOY_KEYS = [
  'placement',
  'update_config',
  'rollback_config',
  'endpoint_mode',
];

export function recognizeCompose(
  name: string,
  document: unknown,
  out: Observations,
): void {
  // Services that build their image are the repository's own: their health check and port
  // are the service's, the others' (a database, a cache) are not.
  const services = entries(at(document, 'services')).sort(
    ([, a], [, b]) => Number(builds(b)) - Number(builds(a)),
  );
  if (services.length === 0) return;

  const swarmKey = swarmKeyOf(document, services);
  if (STACK_FILE.test(name)) {
    out.add('platform', 'docker-swarm', 'a Docker Swarm stack file');
  } else if (swarmKey) {
    out.add(
      'platform',
      'docker-swarm',
      `a Compose file with Swarm's ${swarmKey}`,
    );
  } else {
    out.add('platform', 'docker-compose', 'a Docker Compose file');
  }

  if (services.some(([, service]) => builds(service))) {
    out.add('containerized', true, 'Compose builds the image (build:)');
  }
  for (const [, service] of services) {
    if (at(service, 'healthcheck', 'disable') === true) continue;
    const path = commandPath(at(service, 'healthcheck', 'test'));
    if (path) {
      out.add('healthEndpoint', path, 'a Compose health check');
      break;
    }
  }
  for (const [, service] of services) {
    const found = containerPort(service);
    if (found) {
      out.add('port', found, 'a Compose service port');
      break;
    }
  }
  if (
    services.some(
      ([serviceName, service]) =>
        /backup/i.test(serviceName) ||
        /backup/i.test(text(service.image) ?? ''),
    )
  ) {
    out.add('backup', true, 'a backup service in Compose');
  }
}

function builds(service: Data): boolean {
  return service.build !== undefined && service.build !== null;
}

function swarmKeyOf(
  document: unknown,
  services: [string, Data][],
): string | undefined {
  for (const [, service] of services) {
    const deploy = service.deploy;
    if (!isRecord(deploy)) continue;
    if (deploy.mode === 'global') return 'deploy.mode: global';
    const key = SWARM_DEPLOY_KEYS.find(k => at(deploy, k) !== undefined);
    if (key) return `deploy.${key}`;
  }
  const overlay = entries(at(document, 'networks')).some(
    ([, network]) => network.driver === 'overlay',
  );
  return overlay ? 'overlay network' : undefined;
}

/** The container side of a service's first port: `8080`, `"80:8080"`, `"127.0.0.1:80:8080/tcp"`, `{ target: 8080 }`. */
function containerPort(service: Data): number | undefined {
  const declared = [
    ...(Array.isArray(service.ports) ? service.ports : []),
    ...(Array.isArray(service.expose) ? service.expose : []),
  ];
  for (const entry of declared) {
    const found = isRecord(entry)
      ? port(entry.target)
      : port(containerSide(entry));
    if (found) return found;
  }
  return undefined;
}

function containerSide(entry: unknown): unknown {
  if (typeof entry !== 'string') return entry;
  return entry
    .replace(/\/(tcp|udp)$/i, '')
    .split(':')
    .pop();
}
