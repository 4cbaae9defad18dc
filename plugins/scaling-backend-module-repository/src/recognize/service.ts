/*
 * One service's evidence from its repository's facts: the files in its deployment scope (its
 * folder, or the folders its `scaling.io/deploy-path` names, never examples, tests or vendored
 * code), the units that run it rather than the software beside it, and the facts about those.
 */
import { EvidenceFindings } from '@scaling-advisor/backstage-plugin-scaling-node';
import { podPracticeObservations } from './podPractices';
import { DeploymentScope, inScope } from './scope';
import { summarize } from './summarize';
import { Link, Observation, Unit } from './types';
import { ServiceIdentity, ownershipOf, serviceObservations } from './workloads';

/** What a read of a repository found: facts, units and the objects attached to them. */
export interface RepositoryFacts {
  observations: Observation[];
  units: Unit[];
  links: Link[];
}

export function serviceEvidence(
  facts: RepositoryFacts,
  scope: DeploymentScope,
  identity: ServiceIdentity,
): { values: EvidenceFindings; thirdParty: string[] } {
  const inside = (path: string) => inScope(path, scope);
  const units = facts.units.filter(u => inside(u.path));
  const links = facts.links.filter(l => inside(l.path));
  const observations = facts.observations.filter(o => inside(o.path));
  const { own, thirdParty } = ownershipOf(units, identity);
  const kept = serviceObservations(observations, units, links, own, identity);
  const practices = podPracticeObservations(
    units.filter(u => own.has(u.id)),
    units,
    links,
  );
  const values = summarize([...kept, ...practices]);
  const cache = cacheBeside(thirdParty);
  if (cache && !values.cache) values.cache = cache;
  return { values, thirdParty };
}

const CACHES = new Set([
  'redis',
  'redis-stack',
  'valkey',
  'keydb',
  'memcached',
  'dragonfly',
]);
const DATABASES = new Set([
  'postgres',
  'postgresql',
  'postgis',
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
]);

/**
 * The cost tip's cache, from the software the repository runs beside the service: a cache is
 * the practice followed; a database without one, not followed.
 */
function cacheBeside(thirdParty: readonly string[]): EvidenceFindings['cache'] {
  const cache = thirdParty.find(name => CACHES.has(name));
  if (cache) {
    return { value: true, evidence: `${cache} runs beside the service` };
  }
  const database = thirdParty.find(name => DATABASES.has(name));
  return database
    ? {
        value: false,
        evidence: `${database} runs beside the service, and no cache`,
      }
    : undefined;
}
