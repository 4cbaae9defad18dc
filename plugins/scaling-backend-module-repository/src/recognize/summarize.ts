/*
 * The observations of one service's files → one value per key, each with the file that shows
 * it. Files disagree (a Compose file for local development next to the Helm chart that runs in
 * production), so each key has a rule for which observation wins.
 */
import {
  DeploymentStrategy,
  Platform,
  PodSecurityLevel,
  ScalingValueKey,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EvidenceFinding,
  EvidenceFindings,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { basename } from './candidates';
import { isContainerFile } from './dockerfile';
import { isValidObservation } from './observations';
import { Observation } from './types';

/**
 * Lower wins. A named managed cluster says more than "Kubernetes"; Compose next to any other
 * platform is the developers' local setup, so it comes last.
 */
const PLATFORM_RANK: Readonly<Record<Platform, number>> = {
  eks: 0,
  aks: 0,
  gke: 0,
  kubernetes: 1,
  'ecs-fargate': 2,
  'cloud-run': 3,
  'azure-container-instances': 4,
  'docker-swarm': 5,
  vps: 6,
  'docker-compose': 7,
};

const STRATEGY_RANK: Readonly<Record<DeploymentStrategy, number>> = {
  canary: 0,
  'blue-green': 1,
  rolling: 2,
};

/**
 * Practices every one of the service's workloads must follow (podPractices.ts): one that does
 * not decides. So does a plain Secret next to a secrets manager.
 */
const EVERY_UNIT_KEYS: ReadonlySet<ScalingValueKey> = new Set([
  'rbac',
  'networkPolicy',
  'disruptionBudget',
  'resourceLimits',
  'antiAffinity',
  'probes',
  'metricsExporter',
  'rightSized',
  'structuredLogging',
  'traceContext',
  'secretManagement',
  'stagingScalesToZero',
]);

/** The least restrictive standard any workload meets is the service's. */
const POD_SECURITY_RANK: Readonly<Record<PodSecurityLevel, number>> = {
  privileged: 0,
  baseline: 1,
  restricted: 2,
};

const LIST_KEYS: ReadonlySet<ScalingValueKey> = new Set([
  'observability',
  'practices',
  'constraints',
]);

/** How many files a list's evidence names before it says how many more there are. */
const LISTED_FILES = 3;

export function summarize(observations: Observation[]): EvidenceFindings {
  // A stable sort: within a file, the recognizer's order (readiness probe before liveness).
  const sorted = observations
    .filter(isValidObservation)
    .sort((a, b) => comparePaths(a.path, b.path));
  const byKey = new Map<ScalingValueKey, Observation[]>();
  for (const observation of sorted) {
    const list = byKey.get(observation.key);
    if (list) list.push(observation);
    else byKey.set(observation.key, [observation]);
  }
  const rankOfFile = fileRanks(sorted);

  const findings: EvidenceFindings = {};
  for (const [key, list] of byKey) {
    if (LIST_KEYS.has(key)) {
      const [items, evidence, first] = union(list);
      setFinding(findings, key, items, evidence, first);
      continue;
    }
    let chosen: Observation;
    if (key === 'platform') {
      chosen = best(list, o => PLATFORM_RANK[o.value as Platform]);
    } else if (key === 'deploymentStrategy') {
      chosen = best(list, o => STRATEGY_RANK[o.value as DeploymentStrategy]);
    } else if (key === 'uptimeSla') {
      chosen = best(list, o => -(o.value as number));
    } else if (key === 'healthEndpoint' || key === 'port') {
      chosen = best(list, o => rankOfFile(o.path));
    } else if (key === 'podSecurity') {
      chosen = best(list, o => POD_SECURITY_RANK[o.value as PodSecurityLevel]);
    } else if (key === 'minReplicas') {
      chosen = best(list, o => o.value as number);
    } else if (EVERY_UNIT_KEYS.has(key)) {
      chosen = list.find(o => o.value === false) ?? list[0];
    } else {
      // Booleans: any file showing the practice is enough.
      chosen = list.find(o => o.value === true) ?? list[0];
    }
    setFinding(findings, key, chosen.value, describe(chosen), chosen);
  }
  return findings;
}

/** By code unit, not locale: the same order on every server. */
function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The first observation of the lowest rank. */
function best(
  list: Observation[],
  rank: (observation: Observation) => number,
): Observation {
  return list.reduce((chosen, o) => (rank(o) < rank(chosen) ? o : chosen));
}

/**
 * How much a file's health check or port says about production: a deployment to a production
 * platform first, then other files (an ECS task definition for EC2), then Compose, then a
 * Dockerfile's defaults.
 */
function fileRanks(observations: Observation[]): (path: string) => number {
  const platforms = new Map<string, Platform[]>();
  for (const o of observations) {
    if (o.key !== 'platform') continue;
    const list = platforms.get(o.path);
    if (list) list.push(o.value);
    else platforms.set(o.path, [o.value]);
  }
  return path => {
    const found = platforms.get(path) ?? [];
    if (found.some(p => PLATFORM_RANK[p] < PLATFORM_RANK['docker-swarm']))
      return 0;
    if (isContainerFile(basename(path))) return 3;
    return found.length > 0 ? 2 : 1;
  };
}

/** All items of a list key, in order of first appearance, naming the files that added them. */
function union(
  list: Observation[],
): [Observation['value'], string, Observation] {
  const items: string[] = [];
  const contributors: Observation[] = [];
  for (const observation of list) {
    const added = (observation.value as string[]).filter(
      item => !items.includes(item),
    );
    if (added.length === 0) continue;
    items.push(...added);
    contributors.push(observation);
  }
  const named = contributors.slice(0, LISTED_FILES).map(describe).join('; ');
  const more = contributors.length - LISTED_FILES;
  // Items of one key's list, so a list of that key's item type.
  return [
    items as Observation['value'],
    more > 0 ? `${named}; and ${more} more` : named,
    contributors[0],
  ];
}

function describe(observation: Observation): string {
  return `${observation.path}: ${observation.reason}`;
}

function setFinding(
  findings: EvidenceFindings,
  key: ScalingValueKey,
  value: Observation['value'],
  evidence: string,
  shownBy: Observation,
): void {
  // The value was read for this key (an observation's value is of its key's type).
  (findings as Record<string, EvidenceFinding<unknown>>)[key] = {
    value,
    evidence,
    file: shownBy.path,
    ...(shownBy.line !== undefined ? { line: shownBy.line } : {}),
  };
}
