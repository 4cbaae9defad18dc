/*
 * Docker Compose and Docker Swarm stack files. Each service is a deployment unit: its health
 * check and ports are facts about it, so a database's or a search engine's never become the
 * service's (workloads.ts decides which units are the service's own). Swarm reads the same
 * format (`docker stack deploy -c`), so a Compose file is a Swarm stack when it is named as one
 * or uses keys only Swarm acts on; `deploy.replicas` and `deploy.resources` alone are honoured
 * by `docker compose` too.
 */
import { posix } from 'node:path';
import { Data, at, entries, isRecord, port, text } from './data';
import { commandPath } from './health';
import { Observations } from './observations';
import { registryOf } from './registry';

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

/** Where a service's `build:` context is, from the repository's root. */
function buildContext(service: Data, composePath: string): string | undefined {
  const build = service.build;
  let context: string | undefined;
  if (typeof build === 'string') context = build;
  else if (isRecord(build)) context = text(build.context) ?? '.';
  if (context === undefined) return undefined;
  // A remote context (a Git URL) builds someone else's code.
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@'))
    return undefined;
  return posix.normalize(posix.join(posix.dirname(composePath), context));
}

export function recognizeCompose(
  name: string,
  document: unknown,
  out: Observations,
): void {
  const services = entries(at(document, 'services'));
  if (services.length === 0) return;

  const units = services.map(([serviceName, service]) => {
    const builds = buildContext(service, out.path);
    const image = text(service.image);
    return {
      service,
      serviceName,
      id: out.unit({
        resource: 'Compose service',
        name: serviceName,
        images: image ? [image] : [],
        ...(builds !== undefined ? { builds } : {}),
      }),
      builds: builds !== undefined,
    };
  });
  const all = units.map(u => u.id);

  const swarmKey = swarmKeyOf(document, services);
  if (STACK_FILE.test(name)) {
    out.add('platform', 'docker-swarm', 'a Docker Swarm stack file', all);
  } else if (swarmKey) {
    out.add(
      'platform',
      'docker-swarm',
      `a Compose file with Swarm's ${swarmKey}`,
      all,
    );
  } else {
    out.add('platform', 'docker-compose', 'a Docker Compose file', all);
  }

  for (const { service, serviceName, id, builds } of units) {
    const of = [id];
    if (builds)
      out.add('containerized', true, 'Compose builds the image (build:)', of);
    const check = at(service, 'healthcheck');
    const test = at(check, 'test');
    const disabled =
      at(check, 'disable') === true ||
      (Array.isArray(test) && test[0] === 'NONE');
    if (!disabled && test !== undefined) {
      const path = commandPath(test);
      if (path) out.add('healthEndpoint', path, 'a Compose health check', of);
      else
        out.add('healthCheck', true, 'a Compose health check (a command)', of);
    }
    const found = containerPort(service);
    if (found) out.add('port', found, 'a Compose service port', of);
    const image = text(service.image);
    const registry = image && registryOf(image);
    if (registry)
      out.add('imageRegistry', true, `a Compose image in ${registry}`, of);
    if (/backup/i.test(serviceName) || /backup/i.test(image ?? '')) {
      out.add('backup', true, 'a backup service in Compose');
    }
  }
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
