/*
 * PromQL templates → the queries sent for a batch of entities, and the way back from the result
 * series to the entities.
 *
 * A template is written as if for one entity: `{{name}}`, `{{namespace}}`, `{{kind}}` and
 * `{{selector}}` stand for that entity's values. For a batch, placeholders used as the whole
 * value of an exact label matcher (`service="{{name}}"`) or inside a regex matcher
 * (`service=~"{{name}}"`, `job=~"{{name}}-.*"`) become one alternation of all the batch's
 * values (`service=~"a|b|c"`), so one query answers for the whole batch. The entities are then
 * told apart by the labels of the result series (`labels.name`, `labels.namespace`,
 * `labels.kind`); only the placeholders that actually differ within the batch need a label.
 *
 * What cannot be batched is split, never guessed:
 * - `{{selector}}`: one query per distinct `scaling.io/prometheus-selector` annotation
 *   (entities without it share one query, with the default selector `<labels.name>="{{name}}"`);
 * - a placeholder anywhere else (in `label_replace` arguments, after `!=` / `!~`, or outside a
 *   string): one query per distinct value of that placeholder.
 */
import {
  MetricName,
  SCALING_ANNOTATIONS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingProviderEntity } from '@scaling-advisor/backstage-plugin-scaling-node';
import {
  ENTITY_FIELDS,
  EntityField,
  Segment,
  escapeRegex,
  escapeString,
  isValidSelector,
  parseTemplate,
} from './promqlTemplate';

export type { EntityField } from './promqlTemplate';

/** Names of the result-series labels that carry each entity field. @public */
export type IdentityLabels = Record<EntityField, string>;

export const DEFAULT_LABELS: IdentityLabels = {
  name: 'service',
  namespace: 'namespace',
  kind: 'kind',
};

/**
 * The default templates. They follow a naming convention (publish these, e.g. as recording
 * rules): `scaling_active_users` (gauge), `scaling_uptime_ratio` (0–1 over your SLA window) and
 * the usual `http_requests_total` counter, each labelled with the service name.
 */
export function defaultQueries(
  labels: IdentityLabels,
): Record<MetricName, string> {
  const by = labels.name;
  return {
    activeUsers: `sum by (${by}) (scaling_active_users{ {{selector}} })`,
    measuredUptime: `100 * min by (${by}) (scaling_uptime_ratio{ {{selector}} })`,
    requestsPerSecond: `sum by (${by}) (rate(http_requests_total{ {{selector}} }[5m]))`,
  };
}

function fieldValue(entity: ScalingProviderEntity, field: EntityField): string {
  // kinds are compared and rendered in lower case, as in entity refs
  return field === 'kind'
    ? entity.kind.toLocaleLowerCase('en-US')
    : entity[field];
}

/** One query to send, for a group of entities. */
export interface PlannedQuery {
  metric: MetricName;
  promql: string;
  entities: ScalingProviderEntity[];
  /**
   * The fields that differ within the group, with the label that tells them apart in the
   * result. Empty: every result series belongs to every entity of the group (they would all
   * have been sent the very same query).
   */
  discriminators: Array<{ field: EntityField; label: string }>;
  /** The `scaling.io/prometheus-selector` of the group, when it has one. */
  selector?: string;
}

export interface PlanOptions {
  labels: IdentityLabels;
  /** Told about entities whose selector annotation is not a list of label matchers. */
  onInvalidSelector?: (entity: ScalingProviderEntity, selector: string) => void;
}

function distinct(
  entities: ScalingProviderEntity[],
  field: EntityField,
): string[] {
  return [...new Set(entities.map(e => fieldValue(e, field)))].sort();
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** Renders a parsed template for a group in which every unbatchable field has one value. */
function render(
  segments: Segment[],
  entities: ScalingProviderEntity[],
): string {
  const values = new Map<EntityField, string[]>(
    ENTITY_FIELDS.map(f => [f, distinct(entities, f)]),
  );
  let out = '';
  for (const s of segments) {
    if ('text' in s) {
      out += s.text;
      continue;
    }
    if ('operatorOf' in s) {
      out += values.get(s.operatorOf)!.length > 1 ? '=~' : '=';
      continue;
    }
    const vals = values.get(s.field)!;
    const ctx = s.context;
    if (ctx.kind === 'code') {
      out += vals[0];
    } else if (ctx.kind === 'exact') {
      out += escapeString(
        vals.length > 1 ? vals.map(escapeRegex).join('|') : vals[0],
        ctx.quote,
      );
    } else if (ctx.kind === 'regex') {
      const alternation =
        vals.length > 1
          ? `(?:${vals.map(escapeRegex).join('|')})`
          : escapeRegex(vals[0]);
      out += escapeString(alternation, ctx.quote);
    } else {
      out += escapeString(
        ctx.regex ? escapeRegex(vals[0]) : vals[0],
        ctx.quote,
      );
    }
  }
  return out;
}

/**
 * The queries that answer `template` for `entities`: one for the whole batch when the template
 * allows it, otherwise one per distinct selector or per distinct value of a placeholder that
 * stands where a list of values cannot.
 */
export function planQueries(
  metric: MetricName,
  template: string,
  entities: ScalingProviderEntity[],
  options: PlanOptions,
): PlannedQuery[] {
  const usesSelector = /\{\{\s*selector\s*\}\}/.test(template);
  const bySelector: Array<{
    template: string;
    entities: ScalingProviderEntity[];
    selector?: string;
  }> = [];
  if (!usesSelector) {
    bySelector.push({ template, entities });
  } else {
    const defaultSelector = `${options.labels.name}="{{name}}"`;
    const groups = new Map<string, ScalingProviderEntity[]>();
    for (const entity of entities) {
      const raw =
        entity.annotations[SCALING_ANNOTATIONS.prometheusSelector]?.trim();
      let selector = '';
      if (raw) {
        if (isValidSelector(raw)) selector = raw;
        else options.onInvalidSelector?.(entity, raw);
      }
      if (raw && !selector) continue; // an invalid selector: no query, the annotation decides
      const group = groups.get(selector);
      if (group) group.push(entity);
      else groups.set(selector, [entity]);
    }
    for (const [selector, group] of groups) {
      bySelector.push({
        template: template.replace(
          /\{\{\s*selector\s*\}\}/g,
          () => selector || defaultSelector,
        ),
        entities: group,
        selector: selector || undefined,
      });
    }
  }

  const planned: PlannedQuery[] = [];
  for (const { template: t, entities: group, selector } of bySelector) {
    const segments = parseTemplate(t);
    const used = new Set<EntityField>();
    const unbatchable = new Set<EntityField>();
    for (const s of segments) {
      if (!('field' in s)) continue;
      used.add(s.field);
      if (s.context.kind === 'code' || s.context.kind === 'string')
        unbatchable.add(s.field);
    }
    const subgroups = unbatchable.size
      ? groupBy(group, e =>
          [...unbatchable].map(f => fieldValue(e, f)).join('\u0000'),
        )
      : [group];
    for (const sub of subgroups) {
      const discriminators = [...used]
        .filter(f => distinct(sub, f).length > 1)
        .map(field => ({ field, label: options.labels[field] }));
      planned.push({
        metric,
        promql: render(segments, sub),
        entities: sub,
        discriminators,
        selector,
      });
    }
  }
  return planned;
}

/**
 * The entities of a query's group that a result series belongs to: those whose values of the
 * discriminating fields equal the series' labels. A series that lacks one of those labels
 * belongs to none (`missing` names the label).
 */
const indexes = new WeakMap<
  PlannedQuery,
  Map<string, ScalingProviderEntity[]>
>();
const keyOf = (values: string[]) =>
  values.map(v => v.toLocaleLowerCase('en-US')).join('\u0000');

/** The group's entities by their discriminating values, built once per query. */
function indexOf(query: PlannedQuery): Map<string, ScalingProviderEntity[]> {
  let index = indexes.get(query);
  if (!index) {
    index = new Map();
    for (const entity of query.entities) {
      const key = keyOf(
        query.discriminators.map(d => fieldValue(entity, d.field)),
      );
      const list = index.get(key);
      if (list) list.push(entity);
      else index.set(key, [entity]);
    }
    indexes.set(query, index);
  }
  return index;
}

export function entitiesOfSeries(
  query: PlannedQuery,
  labels: Record<string, string>,
): { entities: ScalingProviderEntity[]; missing?: string } {
  if (query.discriminators.length === 0) return { entities: query.entities };
  for (const d of query.discriminators) {
    if (labels[d.label] === undefined)
      return { entities: [], missing: d.label };
  }
  const key = keyOf(query.discriminators.map(d => labels[d.label]));
  return { entities: indexOf(query).get(key) ?? [] };
}
