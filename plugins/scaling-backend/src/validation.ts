import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ASSESSMENT_STATUSES,
  OVERVIEW_SORT_FIELDS,
  PRACTICES,
  OverviewQuery,
  SimulateRequest,
  TIER_IDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { z } from 'zod';

const validator = makeValidator();

/** The `:kind/:namespace/:name` of a route as an entity ref; 400 when malformed. */
export function parseRouteEntityRef(params: {
  kind?: string;
  namespace?: string;
  name?: string;
}): CompoundEntityRef {
  const { kind = '', name = '' } = params;
  // Entity refs are case-insensitive; namespaces are validated as the catalog stores them.
  const namespace = (params.namespace ?? '').toLowerCase();
  const problems = [
    validator.isValidKind(kind) ? undefined : `kind '${kind}'`,
    validator.isValidNamespace(namespace)
      ? undefined
      : `namespace '${namespace}'`,
    validator.isValidEntityName(name) ? undefined : `name '${name}'`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new InputError(
      `Malformed entity ref: invalid ${problems.join(', ')}`,
    );
  }
  return { kind: kind.toLowerCase(), namespace, name };
}

function describeIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map(issue => {
      const path = issue.path.length ? issue.path.join('.') : where;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

const FULL_REF_MESSAGE =
  "expected a full entity ref such as 'group:default/payments'";

/**
 * A full `kind:namespace/name` ref that the catalog's rules allow, with its kind and
 * namespace lower-cased; undefined when it is not one.
 */
function parseFullEntityRef(value: string): string | undefined {
  // parseEntityRef would default a missing namespace: the filter wants it explicit.
  if (!value.includes(':') || !value.includes('/')) return undefined;
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value);
  } catch {
    return undefined;
  }
  const valid =
    validator.isValidKind(ref.kind) &&
    validator.isValidNamespace(ref.namespace.toLowerCase()) &&
    validator.isValidEntityName(ref.name);
  // Kind and namespace are case-insensitive; the name is compared as given.
  return valid
    ? `${ref.kind.toLowerCase()}:${ref.namespace.toLowerCase()}/${ref.name}`
    : undefined;
}

const entityRefFilter = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ref = parseFullEntityRef(value);
    if (ref === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: FULL_REF_MESSAGE });
      return z.NEVER;
    }
    return ref;
  });

const tierFilter = z.enum([...TIER_IDS, 'unknown'], {
  errorMap: () => ({
    message: `expected one of ${[...TIER_IDS, 'unknown'].join(', ')}`,
  }),
});

const PRACTICE_IDS = Object.keys(PRACTICES);

const sortValues = OVERVIEW_SORT_FIELDS.flatMap(f => [f, `-${f}`]);

const overviewQuerySchema = z
  .object({
    owner: entityRefFilter.optional(),
    system: entityRefFilter.optional(),
    kind: z.string().trim().min(1).optional(),
    currentTier: tierFilter.optional(),
    recommendedTier: tierFilter.optional(),
    status: z
      .enum(ASSESSMENT_STATUSES as [string, ...string[]], {
        errorMap: () => ({
          message: `expected one of ${ASSESSMENT_STATUSES.join(', ')}`,
        }),
      })
      .optional(),
    failingPractice: z
      .enum(PRACTICE_IDS as [string, ...string[]], {
        errorMap: (_issue, ctx) => ({
          message: `expected a practice id (${PRACTICE_IDS.join(', ')}), got ${JSON.stringify(ctx.data)}`,
        }),
      })
      .optional(),
    q: z.string().optional(),
    sort: z
      .string()
      .refine(s => sortValues.includes(s), {
        message: `expected one of ${OVERVIEW_SORT_FIELDS.join(', ')}, optionally prefixed with '-'`,
      })
      .optional(),
    limit: z.coerce
      .number({ invalid_type_error: 'expected a number' })
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(500, 'expected at most 500')
      .optional(),
    offset: z.coerce
      .number({ invalid_type_error: 'expected a number' })
      .int('expected a whole number')
      .min(0, 'expected at least 0')
      .optional(),
  })
  .strict();

/** Query of `GET /overview` and `/overview.csv`; 400 naming the parameter when invalid. */
export function parseOverviewQuery(query: unknown): OverviewQuery {
  const result = overviewQuerySchema.safeParse(query);
  if (!result.success) {
    const unknownKeys = result.error.issues.flatMap(i =>
      i.code === 'unrecognized_keys' ? i.keys : [],
    );
    if (unknownKeys.length) {
      throw new InputError(
        `Invalid query: unknown parameter ${unknownKeys.join(', ')}`,
      );
    }
    throw new InputError(
      `Invalid query: ${describeIssues(result.error, 'query')}`,
    );
  }
  return result.data as OverviewQuery;
}

const simulateSchema = z
  .object({
    annotations: z.record(
      z.string({ invalid_type_error: 'expected a string' }),
      {
        required_error: 'required',
        invalid_type_error: 'expected an object of annotation strings',
      },
    ),
    context: z
      .object({
        serviceCount: z.number().int().min(1).optional(),
        teamK8sExpertise: z.boolean().optional(),
        databases: z
          .array(z.object({ managed: z.boolean() }).strict())
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Body of `POST /simulate`; 400 naming the field when invalid. */
export function parseSimulateRequest(body: unknown): SimulateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      'Invalid body: expected a JSON object with annotations',
    );
  }
  const result = simulateSchema.safeParse(body);
  if (!result.success) {
    throw new InputError(
      `Invalid body: ${describeIssues(result.error, 'body')}`,
    );
  }
  return result.data;
}

const historyQuerySchema = z
  .object({
    days: z.coerce
      .number({ invalid_type_error: 'expected a number' })
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(3650, 'expected at most 3650')
      .optional(),
  })
  .strict();

/** `?days=` of the history route; 400 naming the parameter when invalid. */
export function parseHistoryDays(query: unknown): number | undefined {
  const result = historyQuerySchema.safeParse(query);
  if (!result.success) {
    throw new InputError(
      `Invalid query: ${describeIssues(result.error, 'query')}`,
    );
  }
  return result.data.days;
}
