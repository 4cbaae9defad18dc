import { suggestScalingAnnotation } from './annotations';
import {
  ScalingValueKey,
  SuppliedValue,
  SuppliedValues,
  parseScalingValue,
  scalingValueKeyOf,
} from './values';

/**
 * One rule of the org policy (`scaling.defaults[index]`): the entities it applies to, and the
 * values it gives them, already parsed.
 *
 * @public
 */
export interface OrgPolicyRule {
  index: number;
  /** Every key must match: a catalog filter key (`spec.lifecycle`) and its accepted values. */
  filter: ReadonlyArray<{ key: string; values: readonly string[] }>;
  values: SuppliedValues;
}

/** `scaling.defaults`, in order: for each value, the first rule that matches gives it. @public */
export type OrgPolicy = readonly OrgPolicyRule[];

/**
 * Thrown by {@link parseOrgPolicy}; the message names the rule's index, the key and the value.
 *
 * @public
 */
export class InvalidOrgPolicyError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`Invalid config ${key}: ${message}`);
    this.name = 'InvalidOrgPolicyError';
    this.key = key;
  }
}

/** The entity fields a filter may name, as the catalog's filters name them. */
const FILTER_ROOTS = ['kind', 'apiVersion', 'metadata', 'spec', 'relations'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function filterValues(where: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    throw new InvalidOrgPolicyError(
      where,
      'expected a value or a list of values, got an empty list',
    );
  }
  return list.map((item, i) => {
    if (
      typeof item !== 'string' &&
      typeof item !== 'number' &&
      typeof item !== 'boolean'
    ) {
      throw new InvalidOrgPolicyError(
        Array.isArray(value) ? `${where}[${i}]` : where,
        `expected a string, got ${JSON.stringify(item)}`,
      );
    }
    return String(item).toLocaleLowerCase('en-US');
  });
}

/**
 * Reads `scaling.defaults`: an ordered list of `{ filter, annotations }`. Every value is parsed
 * as the annotation it names would be; a rule that is not of this form, names an unknown
 * annotation or holds a value that does not parse throws {@link InvalidOrgPolicyError} naming
 * `scaling.defaults[i]` and the key.
 *
 * @public
 */
export function parseOrgPolicy(raw: unknown): OrgPolicy {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new InvalidOrgPolicyError(
      'scaling.defaults',
      `expected a list of { filter, annotations } rules, got ${JSON.stringify(raw)}`,
    );
  }
  return raw.map((rule, index): OrgPolicyRule => {
    const at = `scaling.defaults[${index}]`;
    if (!isRecord(rule)) {
      throw new InvalidOrgPolicyError(
        at,
        `expected { filter, annotations }, got ${JSON.stringify(rule)}`,
      );
    }
    for (const key of Object.keys(rule)) {
      if (key !== 'filter' && key !== 'annotations') {
        throw new InvalidOrgPolicyError(
          `${at}.${key}`,
          'unknown key; a rule has filter and annotations',
        );
      }
    }
    if (!isRecord(rule.filter)) {
      throw new InvalidOrgPolicyError(
        `${at}.filter`,
        `expected an object of catalog filter keys such as { spec.lifecycle: production }, got ${JSON.stringify(rule.filter)}`,
      );
    }
    const filter = Object.entries(rule.filter).map(([key, value]) => {
      const where = `${at}.filter.${key}`;
      if (!FILTER_ROOTS.includes(key.split('.')[0]) || key.endsWith('.')) {
        throw new InvalidOrgPolicyError(
          where,
          `expected a catalog filter key: kind, apiVersion, or a path under metadata., spec. or relations.`,
        );
      }
      return { key, values: filterValues(where, value) };
    });
    if (
      !isRecord(rule.annotations) ||
      Object.keys(rule.annotations).length === 0
    ) {
      throw new InvalidOrgPolicyError(
        `${at}.annotations`,
        `expected an object of scaling.io/ annotations, got ${JSON.stringify(rule.annotations)}`,
      );
    }
    const values: Record<string, SuppliedValue<unknown>> = {};
    for (const [annotation, text] of Object.entries(rule.annotations)) {
      const where = `${at}.annotations["${annotation}"]`;
      const key = scalingValueKeyOf(annotation);
      if (!key) {
        const suggestion = suggestScalingAnnotation(annotation);
        throw new InvalidOrgPolicyError(
          where,
          `not an annotation the rules read${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        );
      }
      if (
        typeof text !== 'string' &&
        typeof text !== 'number' &&
        typeof text !== 'boolean'
      ) {
        throw new InvalidOrgPolicyError(
          where,
          `expected a string, got ${JSON.stringify(text)}`,
        );
      }
      const parsed = parseScalingValue(key, String(text));
      if (!parsed.ok) {
        throw new InvalidOrgPolicyError(where, parsed.message);
      }
      values[key] = { value: parsed.value, source: 'config', evidence: at };
    }
    return { index, filter, values: values as SuppliedValues };
  });
}

/** An entity as the policy's filters see it: the catalog's entity shape, as plain data. @public */
export interface PolicyEntity {
  kind: string;
  apiVersion?: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  relations?: ReadonlyArray<{ type: string; targetRef: string }>;
}

/** The entity's values at a dotted path, lower-cased: a scalar, or each item of a list. */
function valuesAt(entity: PolicyEntity, key: string): string[] {
  if (key === 'metadata.namespace' && entity.metadata.namespace === undefined) {
    return ['default'];
  }
  const [root, ...rest] = key.split('.');
  if (root === 'relations') {
    // `relations.ownedBy`: the targets of that relation type, as the catalog filters them.
    const type = rest.join('.').toLocaleLowerCase('en-US');
    return (entity.relations ?? [])
      .filter(r => r.type.toLocaleLowerCase('en-US') === type)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  }
  let value: unknown = (entity as unknown as Record<string, unknown>)[root];
  // Annotation and label keys hold dots of their own (`metadata.annotations.backstage.io/x`):
  // at each level, the longest key that exists wins.
  let i = 0;
  while (i < rest.length) {
    if (!isRecord(value)) return [];
    const record: Record<string, unknown> = value;
    let j = rest.length;
    while (j > i && !(rest.slice(i, j).join('.') in record)) j--;
    if (j === i) return [];
    value = record[rest.slice(i, j).join('.')];
    i = j;
  }
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter(
      v =>
        typeof v === 'string' ||
        typeof v === 'number' ||
        typeof v === 'boolean',
    )
    .map(v => String(v).toLocaleLowerCase('en-US'));
}

/** True when every key of the rule's filter matches one of its values (case-insensitive). @public */
export function matchesOrgPolicyRule(
  rule: OrgPolicyRule,
  entity: PolicyEntity,
): boolean {
  return rule.filter.every(({ key, values }) => {
    const actual = valuesAt(entity, key);
    return actual.some(v => values.includes(v));
  });
}

/**
 * The policy's defaults for an entity: for each value, the first matching rule's. Their source
 * is `config`, their evidence the rule (`scaling.defaults[1]`).
 *
 * @public
 */
export function orgDefaultsFor(
  policy: OrgPolicy,
  entity: PolicyEntity,
): SuppliedValues {
  const defaults: Record<string, unknown> = {};
  for (const rule of policy) {
    if (!matchesOrgPolicyRule(rule, entity)) continue;
    for (const key of Object.keys(rule.values) as ScalingValueKey[]) {
      if (!(key in defaults)) defaults[key] = rule.values[key];
    }
  }
  return defaults as SuppliedValues;
}

/**
 * The entity fields the policy's filters read, as catalog `fields` (`spec.lifecycle`,
 * `metadata.annotations`, `relations`): what a reader of the catalog must fetch for
 * {@link orgDefaultsFor} to match.
 *
 * @public
 */
export function orgPolicyFields(policy: OrgPolicy): string[] {
  const fields = new Set<string>();
  for (const rule of policy) {
    for (const { key } of rule.filter) {
      const [root, second] = key.split('.');
      if (root === 'relations' || root === 'kind' || root === 'apiVersion')
        fields.add(root);
      else if (second === 'annotations' || second === 'labels')
        fields.add(`${root}.${second}`);
      else fields.add(key);
    }
  }
  return [...fields];
}
