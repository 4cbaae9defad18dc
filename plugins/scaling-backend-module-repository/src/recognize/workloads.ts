/*
 * Which of a repository's deployment units are the service's own, and which of the objects
 * around them are attached to those. A repository deploys more than its service: a database and
 * a cache in its Compose file, a search engine as a sidecar, a metrics stack. Their health
 * checks, ports and autoscalers say nothing about the service, so facts count only when they
 * are about the service's own units (or about the repository as a whole).
 */
import { Link, Observation, Unit } from './types';

/**
 * Images (their last path segment, without tag) and service names of software that runs beside
 * services rather than being one: databases, caches, brokers, search engines, observability
 * stacks, proxies, local emulators. A unit named after the service is its own whatever it runs
 * (a website serving its pages from the `nginx` image).
 */
export const THIRD_PARTY: ReadonlySet<string> = new Set([
  // databases and caches
  'postgres',
  'postgresql',
  'postgis',
  'pgvector',
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
  'redis',
  'redis-stack',
  'valkey',
  'keydb',
  'memcached',
  'cassandra',
  'scylla',
  'couchdb',
  'couchbase',
  'neo4j',
  'influxdb',
  'timescaledb',
  'cockroach',
  'clickhouse',
  'clickhouse-server',
  'db',
  'database',
  'cache',
  // search
  'elasticsearch',
  'opensearch',
  'kibana',
  'opensearch-dashboards',
  'meilisearch',
  'typesense',
  'solr',
  // brokers and coordination
  'kafka',
  'cp-kafka',
  'zookeeper',
  'cp-zookeeper',
  'rabbitmq',
  'nats',
  'activemq',
  'pulsar',
  'redpanda',
  'etcd',
  'consul',
  'vault',
  'temporal',
  // observability
  'prometheus',
  'grafana',
  'loki',
  'promtail',
  'tempo',
  'jaeger',
  'all-in-one',
  'zipkin',
  'otel-collector',
  'opentelemetry-collector',
  'opentelemetry-collector-contrib',
  'aws-otel-collector',
  'aws-xray-daemon',
  'aws-for-fluent-bit',
  'alertmanager',
  'node-exporter',
  'cadvisor',
  'fluentd',
  'fluent-bit',
  'vector',
  'logstash',
  'datadog-agent',
  'agent',
  // proxies and sidecars
  'nginx',
  'traefik',
  'caddy',
  'envoy',
  'haproxy',
  'proxyv2',
  'gce-proxy',
  'cloud-sql-proxy',
  'oauth2-proxy',
  'keycloak',
  // local emulators and tools
  'minio',
  'localstack',
  'azurite',
  'dynamodb-local',
  'mailhog',
  'mailpit',
  'smtp4dev',
  'adminer',
  'pgadmin4',
  'phpmyadmin',
  'selenium',
  'standalone-chrome',
  'wiremock',
  'mockserver',
  'busybox',
]);

/** The last path segment of an image reference, without tag or digest: `petstore`. */
export function imageName(reference: string): string {
  const withoutDigest = reference.split('@')[0];
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Who the service is: its entity name, and its repository's name. */
export interface ServiceIdentity {
  name: string;
  repository?: string;
}

function partOf(whole: string, part: string): boolean {
  return (
    part.length >= 3 &&
    (whole.startsWith(`${part}-`) ||
      whole.endsWith(`-${part}`) ||
      whole.startsWith(`${part}_`) ||
      whole.endsWith(`_${part}`))
  );
}

function wanted(identity: ServiceIdentity): string[] {
  return [identity.name, identity.repository]
    .filter((s): s is string => !!s)
    .map(s => s.toLowerCase());
}

/**
 * Whether a unit's (or its image's) name is the service's: the same name, or one with the
 * service's name as its first or last dash-separated part (`petstore-api` for `petstore`).
 */
export function namedAfter(
  candidate: string,
  identity: ServiceIdentity,
): boolean {
  const c = candidate.toLowerCase();
  return wanted(identity).some(
    w => normalized(c) === normalized(w) || partOf(c, w),
  );
}

/**
 * Whether a name is the first or last part of the service's (`frontend` for
 * `boutique-frontend`, a catalog name prefixed with its project's): the service's unless it is
 * third-party software (`grafana` beside `grafana-alerts`).
 */
function partOfName(candidate: string, identity: ServiceIdentity): boolean {
  const c = candidate.toLowerCase();
  return wanted(identity).some(w => partOf(w, c));
}

function identified(unit: Unit, identity: ServiceIdentity): boolean {
  return (
    namedAfter(unit.name, identity) ||
    unit.images.some(i => namedAfter(imageName(i), identity)) ||
    (!isThirdParty(unit) &&
      (partOfName(unit.name, identity) ||
        unit.images.some(i => partOfName(imageName(i), identity))))
  );
}

function isThirdParty(unit: Unit): boolean {
  if (THIRD_PARTY.has(unit.name.toLowerCase())) return true;
  return unit.images.some(i => THIRD_PARTY.has(imageName(i)));
}

/** The service's own units, and the third-party software the repository runs beside it. */
export interface Ownership {
  own: ReadonlySet<string>;
  /** Names of third-party software (`postgres`, `elasticsearch`), each once. */
  thirdParty: string[];
}

/**
 * The units that run the service: those named after it (by their name or their image), the
 * ones that build their own image (a Compose `build:`, a Dockerfile), and the ones running an
 * image any of those run; when none is, every unit that is not third-party software.
 */
export function ownershipOf(
  units: readonly Unit[],
  identity: ServiceIdentity,
): Ownership {
  const named = new Set(
    units.filter(u => identified(u, identity)).map(u => u.id),
  );
  const thirdParty = units.filter(u => !named.has(u.id) && isThirdParty(u));
  const third = new Set(thirdParty.map(u => u.id));
  const candidates = units.filter(u => !third.has(u.id));
  const seeds = candidates.filter(
    u => named.has(u.id) || u.builds !== undefined,
  );
  const seedImages = new Set(seeds.flatMap(u => u.images.map(imageName)));
  let own = candidates.filter(
    u => seeds.includes(u) || u.images.some(i => seedImages.has(imageName(i))),
  );
  // A deployment that only builds images (Dockerfiles) and runs them under other names.
  if (own.every(u => u.resource === 'Dockerfile')) own = candidates;
  const names: string[] = [];
  for (const u of thirdParty) {
    const name = u.images.length > 0 ? imageName(u.images[0]) : u.name;
    if (!names.includes(name)) names.push(name);
  }
  return { own: new Set(own.map(u => u.id)), thirdParty: names };
}

function selects(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The units an attached object is about, following Services for routes and monitors. */
export function targetsOf(
  link: Link,
  units: readonly Unit[],
  links: readonly Link[],
  depth = 0,
): Set<string> {
  const found = new Set<string>();
  if (depth > 3) return found;
  const services = (pick: (service: Link) => boolean) => {
    for (const service of links) {
      if (service.resource !== 'Service' || service === link || !pick(service))
        continue;
      for (const id of targetsOf(service, units, links, depth + 1))
        found.add(id);
    }
  };
  for (const target of link.targets) {
    if (target.by === 'name') {
      for (const u of units) {
        if (
          u.name === target.name &&
          (!target.resource || u.resource === target.resource)
        )
          found.add(u.id);
      }
    } else if (target.by === 'pods') {
      for (const u of units) {
        if (u.labels !== undefined && selects(target.selector, u.labels))
          found.add(u.id);
      }
    } else if (target.by === 'namespace') {
      for (const u of units) {
        if (u.pod?.namespace === target.name) found.add(u.id);
      }
    } else if (target.by === 'service') {
      services(s => s.name === target.name);
    } else {
      services(s => selects(target.selector, s.labels));
    }
  }
  return found;
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * The observations that are about the service: those about the repository as a whole, those
 * about its own units, and those about objects attached to them. An object that is attached to
 * nothing the repository holds (a dangling name) counts when it sits in the folder of one of
 * the service's own units, as a chart's or a manifest folder's objects do.
 */
export function serviceObservations(
  observations: readonly Observation[],
  units: readonly Unit[],
  links: readonly Link[],
  own: ReadonlySet<string>,
  identity: ServiceIdentity,
): Observation[] {
  const linkById = new Map(links.map(l => [l.id, l]));
  const ownFolders = new Set(
    units.filter(u => own.has(u.id)).map(u => folderOf(u.path)),
  );
  const attached = new Map<string, boolean>();
  const isAttached = (link: Link): boolean => {
    let answer = attached.get(link.id);
    if (answer === undefined) {
      const targets = targetsOf(link, units, links);
      answer =
        [...targets].some(id => own.has(id)) ||
        // An SLO or an autoscaler naming the service itself.
        link.targets.some(
          t => t.by === 'name' && namedAfter(t.name, identity),
        ) ||
        // A dangling reference beside the service's own units (an objective names its
        // service: one naming another is another's).
        (targets.size === 0 &&
          link.resource !== 'SLO' &&
          ownFolders.has(folderOf(link.path)));
      attached.set(link.id, answer);
    }
    return answer;
  };
  return observations.filter(o => {
    if (!o.of || o.of.length === 0) return true;
    return o.of.some(id => {
      if (own.has(id)) return true;
      const link = linkById.get(id);
      return link !== undefined && isAttached(link);
    });
  });
}
