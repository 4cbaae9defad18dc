import {
  Constraint,
  DeploymentStrategy,
  Platform,
  PrematurePractice,
} from './types';

/**
 * The result of parsing one annotation value. Parsers never throw: a value that does not
 * parse gives a message saying what was expected and what was found.
 *
 * @public
 */
export type ParseResult<T> =
  { ok: true; value: T; notes?: string[] } | { ok: false; message: string };

/** @public */
export type Parser<T> = (text: string) => ParseResult<T>;

const ok = <T>(value: T, notes?: string[]): ParseResult<T> =>
  notes && notes.length ? { ok: true, value, notes } : { ok: true, value };
const fail = (message: string): ParseResult<never> => ({ ok: false, message });
const quote = (text: string) => `'${text}'`;

const WHOLE_NUMBER = /^(\d+|\d{1,3}(,\d{3})+)$/;

function wholeNumber(what: string, min: number): Parser<number> {
  return text => {
    const trimmed = text.trim();
    if (trimmed === '') {
      return fail(`expected a whole number of ${what}, got an empty value`);
    }
    if (/^-\s*\d/.test(trimmed)) {
      return fail(
        `expected a whole number of ${what} of at least ${min}, got ${quote(text)}`,
      );
    }
    if (!WHOLE_NUMBER.test(trimmed)) {
      return fail(`expected a whole number of ${what}, got ${quote(text)}`);
    }
    const value = Number(trimmed.replace(/,/g, ''));
    if (!Number.isSafeInteger(value)) {
      return fail(`expected a whole number of ${what}, got ${quote(text)}`);
    }
    if (value < min) {
      return fail(
        `expected a whole number of ${what} of at least ${min}, got ${quote(text)}`,
      );
    }
    return ok(value);
  };
}

/** `scaling.io/active-users`: a whole number ≥ 0 (`12000` or `12,000`). @public */
export const parseActiveUsers = wholeNumber('users', 0);
/** `scaling.io/regions`: a whole number ≥ 1. @public */
export const parseRegions = wholeNumber('regions', 1);
/** `scaling.io/service-count`: a whole number ≥ 1. @public */
export const parseServiceCount = wholeNumber('services', 1);
/** `scaling.io/min-replicas`: the instances that always run (0 when it scales to zero). @public */
export const parseMinReplicas = wholeNumber('instances', 0);
/** `scaling.io/port`: a TCP port. @public */
export const parsePort: Parser<number> = text => {
  const result = wholeNumber('port', 1)(text);
  if (result.ok && result.value > 65535) {
    return fail(`expected a port from 1 to 65535, got ${quote(text)}`);
  }
  return result;
};

/** `scaling.io/uptime-sla`: a percentage, `99.9` or `99.9%`, 0 < x ≤ 100. @public */
export const parseUptimeSla: Parser<number> = text => {
  const trimmed = text.trim();
  const expected = `expected an uptime percentage above 0 and at most 100 such as '99.9' or '99.9%'`;
  if (trimmed === '') {
    return fail(`${expected}, got an empty value`);
  }
  const match = /^(\d+(\.\d+)?)\s*%?$/.exec(trimmed);
  if (!match) {
    return fail(`${expected}, got ${quote(text)}`);
  }
  const value = Number(match[1]);
  if (!(value > 0 && value <= 100)) {
    return fail(`${expected}, got ${quote(text)}`);
  }
  return ok(value);
};

/** `scaling.io/monthly-budget-usd`: `1500`, `1,500`, `$1500`, `$1,500.50`. @public */
export const parseBudgetUsd: Parser<number> = text => {
  const trimmed = text.trim();
  const expected = `expected a monthly budget in US dollars such as '1500', '1,500' or '$1,500'`;
  if (trimmed === '') {
    return fail(`${expected}, got an empty value`);
  }
  const match = /^\$?\s*(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?$/.exec(trimmed);
  if (!match) {
    return fail(`${expected}, got ${quote(text)}`);
  }
  return ok(Number(match[1].replace(/,/g, '') + (match[3] ?? '')));
};

const TRUE_WORDS = ['true', 'yes'];
const FALSE_WORDS = ['false', 'no'];

/** Booleans: `true/false/yes/no` in any case. @public */
export const parseBoolean: Parser<boolean> = text => {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return ok(true);
  if (FALSE_WORDS.includes(word)) return ok(false);
  return fail(
    `expected true, false, yes or no, got ${word === '' ? 'an empty value' : quote(text)}`,
  );
};

function oneOf<T extends string>(
  what: string,
  values: readonly T[],
): Parser<T> {
  return text => {
    const word = text.trim().toLowerCase();
    if ((values as readonly string[]).includes(word)) {
      return ok(word as T);
    }
    return fail(
      `expected ${what}: one of ${values.join(', ')}, got ${
        word === '' ? 'an empty value' : quote(text)
      }`,
    );
  };
}

/** @public */
export const PLATFORMS: readonly Platform[] = [
  'vps',
  'docker-compose',
  'docker-swarm',
  'ecs-fargate',
  'azure-container-instances',
  'cloud-run',
  'eks',
  'aks',
  'gke',
  'kubernetes',
];

/** `scaling.io/platform`. @public */
export const parsePlatform = oneOf<Platform>('a platform', PLATFORMS);

/** Pod Security Standards' levels, most to least permissive. @public */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** `scaling.io/pod-security`: the Pod Security Standard the pods meet. @public */
export const parsePodSecurity = oneOf<PodSecurityLevel>(
  'a Pod Security Standard',
  ['privileged', 'baseline', 'restricted'],
);

/** `scaling.io/deployment-strategy`. @public */
export const parseDeploymentStrategy = oneOf<DeploymentStrategy>(
  'a deployment strategy',
  ['rolling', 'blue-green', 'canary'],
);

/** `scaling.io/service-mesh`: a boolean, or the mesh in use (`istio`, `linkerd`). @public */
export const parseServiceMesh: Parser<boolean> = text => {
  const word = text.trim().toLowerCase();
  if (word === 'istio' || word === 'linkerd') return ok(true);
  const result = parseBoolean(text);
  return result.ok
    ? result
    : fail(
        `expected true, false, yes, no, istio or linkerd, got ${
          word === '' ? 'an empty value' : quote(text)
        }`,
      );
};

/**
 * A comma-separated list of known words. Unknown words are dropped and reported; known ones
 * are kept (so one typo does not discard the rest).
 */
function listOf<T extends string>(
  what: string,
  values: readonly T[],
): Parser<T[]> {
  return text => {
    const known: T[] = [];
    const unknown: string[] = [];
    for (const part of text.split(',')) {
      const word = part.trim().toLowerCase();
      if ((values as readonly string[]).includes(word)) {
        if (!known.includes(word as T)) known.push(word as T);
      } else if (word !== '') {
        unknown.push(word);
      }
    }
    if (known.length === 0 && unknown.length === 0) {
      return fail(
        `expected a comma-separated list of ${what} (${values.join(', ')}), got an empty value`,
      );
    }
    if (known.length === 0) {
      return fail(
        `expected a comma-separated list of ${what} (${values.join(', ')}), got ${quote(text)}`,
      );
    }
    return ok(
      known,
      unknown.map(
        w => `ignored ${quote(w)}: expected ${what} from ${values.join(', ')}`,
      ),
    );
  };
}

/** `scaling.io/constraints`. @public */
export const parseConstraints = listOf<Constraint>('constraints', [
  'air-gapped',
  'government',
]);

/** @public */
export const PREMATURE_PRACTICES: readonly PrematurePractice[] = [
  'iac',
  'observability-stack',
  'dr-plan',
  'blue-green',
  'canary',
  'advanced-autoscaling',
  'complex-networking',
  'multi-region',
];

/** `scaling.io/practices`. @public */
export const parsePractices = listOf<PrematurePractice>(
  'practices',
  PREMATURE_PRACTICES,
);

/** @public */
export type ObservabilityPillar = 'metrics' | 'logging' | 'tracing';

/** `scaling.io/observability`: which of metrics, logging and tracing are in place. @public */
export const parseObservability = listOf<ObservabilityPillar>(
  'observability pillars',
  ['metrics', 'logging', 'tracing'],
);

/**
 * Evidence annotations such as `scaling.io/image-registry: ecr` or `scaling.io/gitops: argocd`:
 * any description counts as present, `false`/`no` as absent.
 *
 * @public
 */
export const parsePresence: Parser<boolean> = text => {
  const word = text.trim().toLowerCase();
  if (word === '') {
    return fail(
      `expected a description (for example the tool or location) or true/false, got an empty value`,
    );
  }
  return ok(!FALSE_WORDS.includes(word));
};

/** `scaling.io/health-endpoint`: a path (`/health`) or an http(s) URL. @public */
export const parseHealthEndpoint: Parser<string> = text => {
  const trimmed = text.trim();
  if (/^\/[^\s]*$/.test(trimmed) || /^https?:\/\/[^\s]+$/.test(trimmed)) {
    return ok(trimmed);
  }
  return fail(
    `expected a path such as '/health' or an http(s) URL, got ${
      trimmed === '' ? 'an empty value' : quote(text)
    }`,
  );
};
