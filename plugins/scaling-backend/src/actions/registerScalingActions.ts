import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import {
  ASSESSMENT_STATUSES,
  OVERVIEW_SORT_FIELDS,
  PLATFORMS,
  PRACTICES,
  TIER_IDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { RouterAssessments, RouterResults } from '../router';
import {
  parseOverviewQuery,
  parseRouteEntityRef,
  parseSimulateRequest,
} from '../validation';
import {
  TOP_FINDINGS,
  summarizeAssessment,
  summarizeOverview,
} from './summary';

/**
 * The zod the actions registry hands to the schema callbacks (its `zod/v3`): schemas are built
 * from it rather than from this package's own zod, so that the registry can read them.
 */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const ATTRIBUTES = { readOnly: true, idempotent: true, destructive: false };

const TIER_FILTERS = [...TIER_IDS, 'unknown'] as const;
const SORT_VALUES = OVERVIEW_SORT_FIELDS.flatMap(f => [f, `-${f}`]) as [
  string,
  ...string[],
];
const LISTED_STATUSES = ASSESSMENT_STATUSES as [string, ...string[]];
const PRACTICE_IDS = Object.keys(PRACTICES) as [string, ...string[]];
const STATUSES: [string, ...string[]] = [
  'not-applicable',
  ...ASSESSMENT_STATUSES,
];

/**
 * Schema errors that quote the value given, so that a caller sees what it sent (zod's own
 * message for an enum already does).
 */
const quotingValue = {
  errorMap: (
    issue: { code: string },
    ctx: { data: unknown; defaultError: string },
  ) =>
    ctx.data === undefined || issue.code === 'invalid_enum_value'
      ? { message: ctx.defaultError }
      : { message: `${ctx.defaultError} (got ${JSON.stringify(ctx.data)})` },
};

/**
 * Runs one of the REST API's parsers over an action's input. Its errors name the field; this
 * adds the value, found by parsing each field alone over `base` (the input's required fields).
 */
function parseQuotingValues<T>(
  parse: (input: unknown) => T,
  input: Record<string, unknown>,
  base: Record<string, unknown> = {},
): T {
  try {
    return parse(input);
  } catch (error) {
    if (!isError(error) || error.name !== 'InputError') throw error;
    const fields = Object.keys(input).filter(key => {
      try {
        parse({ ...base, [key]: input[key] });
        return false;
      } catch {
        return true;
      }
    });
    if (fields.length === 0) throw error;
    const quoted = fields
      .map(key => `${key} ${JSON.stringify(input[key])}`)
      .join(', ');
    const detail = error.message.replace(/^Invalid (query|body): /, '');
    throw new InputError(`Invalid ${quoted}: ${detail}`);
  }
}

/**
 * `[kind:][namespace/]name`, kind defaulting to component and namespace to default, checked as
 * the REST route checks `:kind/:namespace/:name`.
 */
function parseEntityRefInput(value: string): CompoundEntityRef {
  const example = "expected an entity ref such as 'component:default/orders'";
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`Invalid entityRef '${value}': ${example}`);
  }
  try {
    return parseRouteEntityRef(ref);
  } catch (error) {
    throw new InputError(
      `Invalid entityRef '${value}': ${isError(error) ? error.message : example}`,
    );
  }
}

function tierSchema(z: Zod) {
  return z.enum(TIER_IDS).nullable();
}

function findingsSchema(z: Zod) {
  return z
    .array(
      z.object({
        id: z.string(),
        severity: z.enum(['critical', 'warning', 'info']),
        message: z.string(),
      }),
    )
    .describe(`The ${TOP_FINDINGS} most severe findings, most severe first.`);
}

function assessmentSummaryShape(z: Zod) {
  return {
    currentTier: tierSchema(z).describe(
      'The tier the service runs on now; null when unknown.',
    ),
    currentPlatform: z
      .enum(PLATFORMS as [string, ...string[]])
      .nullable()
      .describe('The platform it runs on (scaling.io/platform).'),
    recommendedTier: tierSchema(z).describe(
      'The tier its load, SLA and budget call for; null when unknown.',
    ),
    status: z
      .enum(STATUSES)
      .describe(
        'under-provisioned, over-provisioned, aligned, insufficient-data, or not-applicable (not deployed).',
      ),
    readiness: z
      .object({
        score: z
          .number()
          .nullable()
          .describe('0 to 100; null when there is nothing to move to.'),
        targetTier: tierSchema(z),
        blockers: z.array(z.object({ id: z.string(), message: z.string() })),
      })
      .describe('How ready it is to move to the target tier.'),
    kubernetesCriteria: z
      .object({ met: z.number(), required: z.number() })
      .describe('The Kubernetes gate: criteria met of those required.'),
    practices: z
      .object({
        tier: z.enum(TIER_IDS),
        score: z.number().describe('0 to 100: the share followed.'),
        failed: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            severity: z.enum(['high', 'medium', 'low']),
            evidence: z.string(),
            howTo: z.string(),
          }),
        ),
        unknown: z
          .number()
          .describe('How many practices nothing shows either way.'),
      })
      .nullable()
      .describe(
        "How well it runs where it is: its current tier's practices (the scaling guide's best practices and cost tips), the ones not followed with how to fix them; null when the tier is unknown.",
      ),
    findings: findingsSchema(z),
    findingCount: z.number().describe('How many findings there are in all.'),
    warnings: z
      .array(
        z.object({
          annotation: z.string(),
          value: z.string(),
          message: z.string(),
        }),
      )
      .describe('Annotations whose values could not be read.'),
    assessedAt: z.string(),
  };
}

/** The actions' needs: the same services the REST routes call. */
export interface ScalingActionsOptions {
  actionsRegistry: ActionsRegistryService;
  assessments: RouterAssessments;
  results: RouterResults;
}

/**
 * Registers the plugin's read-only actions (`scaling:get-assessment`, `scaling:list-services`,
 * `scaling:simulate`). Each runs with the caller's credentials, so the catalog's permission
 * policy decides what it sees, as for the REST API.
 */
export function registerScalingActions(options: ScalingActionsOptions): void {
  const { actionsRegistry, assessments, results } = options;

  actionsRegistry.register({
    name: 'get-assessment',
    title: 'Get scaling assessment',
    description:
      'Assesses one catalog entity against the scaling tiers: the tier it runs on, the tier it ' +
      'should be on, its status, how ready it is to move (score, target tier, blockers), how ' +
      'well it runs where it is (the practices it does not follow, with how to fix them) and ' +
      `its ${TOP_FINDINGS} most severe findings.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z
          .object({
            entityRef: z
              .string(quotingValue)
              .describe(
                "The entity ref, such as 'component:default/orders' (kind defaults to component, namespace to default).",
              ),
          })
          .strict(),
      output: z =>
        z.object({
          entityRef: z.string(),
          ...assessmentSummaryShape(z),
        }),
    },
    examples: [
      {
        title: 'Assess the orders service',
        input: { entityRef: 'component:default/orders' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ref = parseEntityRefInput(input.entityRef);
      const assessment = await assessments.assessEntity(ref, credentials);
      return {
        output: {
          entityRef: assessment.entityRef ?? input.entityRef,
          ...summarizeAssessment(assessment),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-services',
    title: 'List services by scaling tier',
    description:
      'Lists the services of the scaling overview, filtered, sorted and paged: each with its ' +
      'owner, current and recommended tier, status, readiness score, active users, practices ' +
      'score and the practices it does not follow.',
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z
          .object({
            owner: z
              .string(quotingValue)
              .optional()
              .describe("Owner entity ref, such as 'group:default/payments'."),
            system: z
              .string(quotingValue)
              .optional()
              .describe("System entity ref, such as 'system:default/shop'."),
            kind: z
              .string(quotingValue)
              .optional()
              .describe('Entity kind, such as Component.'),
            currentTier: z.enum(TIER_FILTERS, quotingValue).optional(),
            recommendedTier: z.enum(TIER_FILTERS, quotingValue).optional(),
            status: z.enum(LISTED_STATUSES, quotingValue).optional(),
            failingPractice: z
              .enum(PRACTICE_IDS, quotingValue)
              .optional()
              .describe(
                "Only the services that do not follow this practice, such as 'disruption-budget'.",
              ),
            q: z
              .string(quotingValue)
              .optional()
              .describe('Name substring, case-insensitive.'),
            sort: z
              .enum(SORT_VALUES, quotingValue)
              .optional()
              .describe("A column; prefix with '-' for descending."),
            limit: z
              .number(quotingValue)
              .optional()
              .describe('Page size, 1 to 500; 50 when left out.'),
            offset: z
              .number(quotingValue)
              .optional()
              .describe('Rows to skip; 0 when left out.'),
          })
          .strict(),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              entityRef: z.string(),
              name: z.string(),
              kind: z.string(),
              owner: z.string().nullable(),
              system: z.string().nullable(),
              currentTier: tierSchema(z),
              recommendedTier: tierSchema(z),
              status: z.enum(LISTED_STATUSES),
              readinessScore: z.number().nullable(),
              activeUsers: z.number().nullable(),
              practicesScore: z.number().nullable(),
              failingPractices: z.array(z.string()),
            }),
          ),
          totalCount: z
            .number()
            .describe('How many services match, over all pages.'),
          lastScan: z
            .object({
              startedAt: z.string(),
              finishedAt: z.string().nullable(),
              stale: z.boolean(),
            })
            .nullable()
            .describe(
              'The org-wide scan the list comes from; null when assessed live.',
            ),
        }),
    },
    examples: [
      {
        title: 'The under-provisioned services of a team, most users first',
        input: {
          owner: 'group:default/payments',
          status: 'under-provisioned',
          sort: '-activeUsers',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const query = parseQuotingValues(parseOverviewQuery, input);
      const overview = await results.overview(query, credentials);
      return { output: summarizeOverview(overview) };
    },
  });

  actionsRegistry.register({
    name: 'simulate',
    title: 'Simulate a scaling assessment',
    description:
      'What-if: assesses the given scaling.io annotations (and optional context) as if they ' +
      'were an entity, without reading the catalog.',
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z
          .object({
            annotations: z
              .record(z.string(quotingValue), quotingValue)
              .describe(
                "Annotations as in catalog-info.yaml, such as { 'scaling.io/platform': 'vps', 'scaling.io/active-users': '20000' }.",
              ),
            context: z
              .object({
                serviceCount: z
                  .number(quotingValue)
                  .optional()
                  .describe('Components in its System.'),
                teamK8sExpertise: z
                  .boolean(quotingValue)
                  .optional()
                  .describe('Whether the owning team knows Kubernetes.'),
                databases: z
                  .array(
                    z.object({ managed: z.boolean(quotingValue) }).strict(),
                  )
                  .optional()
                  .describe('The databases it depends on.'),
              })
              .strict()
              .optional()
              .describe('What the catalog would otherwise tell.'),
          })
          .strict(),
      output: z => z.object(assessmentSummaryShape(z)),
    },
    examples: [
      {
        title: 'A VPS service with 20,000 users',
        input: {
          annotations: {
            'scaling.io/platform': 'vps',
            'scaling.io/active-users': '20000',
          },
        },
      },
    ],
    action: async ({ input }) => {
      const request = parseQuotingValues(parseSimulateRequest, input, {
        annotations: {},
      });
      return { output: summarizeAssessment(assessments.simulate(request)) };
    },
  });
}
