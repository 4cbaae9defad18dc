import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import {
  FIXABLE_PRACTICE_IDS,
  FixablePractice,
  applyPractices,
} from './applyPractices';

/** The action's id, as templates name it. */
export const APPLY_PRACTICES_ACTION_ID = 'scaling:manifests:apply-practices';

/** A manifest larger than this is refused: a hostile one could be. */
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_FILES = 20;

function checkPractices(practices: readonly string[]): FixablePractice[] {
  practices.forEach((id, index) => {
    if (!(FIXABLE_PRACTICE_IDS as readonly string[]).includes(id))
      throw new InputError(
        `practices[${index}]: expected one of ${FIXABLE_PRACTICE_IDS.join(', ')}, got '${id}'`,
      );
  });
  return practices as FixablePractice[];
}

/** The port, from the form (a number, or '' when left empty). */
function portOf(value: number | string | undefined): number | undefined {
  if (value === undefined || String(value).trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InputError(
      `port: expected a port from 1 to 65535, got '${value}'`,
    );
  return port;
}

/**
 * `scaling:manifests:apply-practices`: adds what the scaling guide's Kubernetes practices ask for
 * to the workloads of manifest files in the workspace (fetched there by an earlier step):
 * requests and limits, probes on the health path, a restricted securityContext, and a
 * PodDisruptionBudget and a NetworkPolicy appended for each workload none selects. Only
 * insertions: every other line of each file stays byte for byte. A file it cannot edit in place
 * (a Helm template) is left, and the output says why.
 *
 * @public
 */
export function createApplyPracticesAction() {
  return createTemplateAction({
    id: APPLY_PRACTICES_ACTION_ID,
    description:
      "Adds the scaling guide's Kubernetes practices (requests and limits, probes, a restricted securityContext, a PodDisruptionBudget, a NetworkPolicy) to the workloads of manifest files in the workspace, leaving every other line as it is.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Add requests and limits and a disruption budget',
        example: [
          'steps:',
          '  - id: practices',
          '    action: scaling:manifests:apply-practices',
          '    input:',
          '      paths: [deploy/k8s/deployment.yaml]',
          '      practices: [requests-and-limits, disruption-budget]',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        paths: z =>
          z
            .array(
              z.union([
                z.string().min(1),
                z.object({ path: z.string().min(1) }).passthrough(),
              ]),
              {
                description:
                  "Manifest files, relative to the workspace: paths, or the template form's { path, url } entries",
              },
            )
            .min(1)
            .max(MAX_FILES),
        practices: z =>
          z.array(z.string(), {
            description: `What to add: ${FIXABLE_PRACTICE_IDS.join(', ')}`,
          }),
        rightSize: z =>
          z
            .union([
              z
                .array(
                  z.object({
                    workload: z.string().min(1),
                    container: z.string().min(1),
                    cpu: z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/),
                    memory: z.string().regex(/^[0-9]+(Ki|Mi|Gi)$/),
                  }),
                )
                .max(50),
              // A form that has none renders the parameter empty.
              z.literal(''),
            ])
            .optional()
            .describe(
              'Right-sized requests per workload and container (the Scaling Advisor tab fills them in from the live cluster)',
            ),
        healthPath: z =>
          z
            .string({ description: 'The path the probes call, e.g. /health' })
            .optional(),
        port: z =>
          z
            .union([z.number(), z.string()], {
              description:
                'The port the probes call when the container declares none',
            })
            .optional(),
      },
      output: {
        changed: z => z.array(z.string(), { description: 'The files changed' }),
        added: z =>
          z.array(z.string(), { description: 'What was added, one per line' }),
        skipped: z =>
          z.array(z.string(), {
            description: 'What was left, each with the reason',
          }),
      },
    },
    async handler(ctx) {
      const practices = checkPractices(ctx.input.practices);
      const healthPath = ctx.input.healthPath?.trim() || undefined;
      if (healthPath !== undefined && !healthPath.startsWith('/'))
        throw new InputError(
          `healthPath: expected a path starting with /, got '${healthPath}'`,
        );
      const port = portOf(ctx.input.port);
      const changed: string[] = [];
      const added: string[] = [];
      const skipped: string[] = [];
      for (const [index, entry] of ctx.input.paths.entries()) {
        const path = typeof entry === 'string' ? entry : entry.path;
        const file = resolveSafeChildPath(ctx.workspacePath, path);
        let stat;
        try {
          stat = await fs.stat(file);
        } catch {
          throw new InputError(
            `paths[${index}]: no file ${path} in the workspace; fetch it first`,
          );
        }
        if (stat.size > MAX_MANIFEST_BYTES)
          throw new InputError(
            `paths[${index}]: ${path} is larger than ${MAX_MANIFEST_BYTES / 1024} kB; refused`,
          );
        const text = await fs.readFile(file, 'utf8');
        const result = applyPractices(text, {
          practices,
          rightSize: ctx.input.rightSize || [],
          healthPath,
          port,
        });
        if (result.text !== text) {
          await fs.writeFile(file, result.text);
          changed.push(path);
        }
        added.push(...result.added.map(a => `${path}: ${a}`));
        skipped.push(...result.skipped.map(s => `${path}: ${s}`));
      }
      ctx.logger.info(
        changed.length > 0
          ? `Changed ${changed.join(', ')}: ${added.join('; ')}`
          : 'Nothing to add',
      );
      for (const line of skipped) ctx.logger.info(`Left: ${line}`);
      ctx.output('changed', changed);
      ctx.output('added', added);
      ctx.output('skipped', skipped);
    },
  });
}
