import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import {
  MAX_CATALOG_INFO_BYTES,
  annotateCatalogInfo,
} from './annotateCatalogInfo';

/** The action's id, as templates name it. */
export const ANNOTATE_ACTION_ID = 'scaling:catalog-info:annotate';

/**
 * `scaling:catalog-info:annotate`: adds or changes `scaling.io/` annotations of one entity in a
 * catalog-info.yaml of the workspace (fetched there by an earlier step), keeping the file's
 * other documents, comments, key order and flow style. Values are checked with the Scaling
 * Advisor's own parsers; a bad one fails the step, naming the field.
 *
 * @public
 */
export function createAnnotateCatalogInfoAction() {
  return createTemplateAction({
    id: ANNOTATE_ACTION_ID,
    description:
      "Adds or changes the Scaling Advisor's scaling.io/ annotations of one entity in a catalog-info.yaml of the workspace, keeping everything else in the file as it is.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Record the platform and the SLA of a service',
        example: [
          'steps:',
          '  - id: annotate',
          '    action: scaling:catalog-info:annotate',
          '    input:',
          '      entityRef: component:default/orders',
          '      path: catalog-info.yaml',
          '      annotations:',
          '        scaling.io/platform: ecs-fargate',
          "        scaling.io/uptime-sla: '99.9'",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string({
              description:
                'The entity to annotate, e.g. component:default/orders',
            })
            .min(1),
        path: z =>
          z
            .string({
              description: 'The catalog-info.yaml, relative to the workspace',
            })
            .default('catalog-info.yaml'),
        annotations: z =>
          z.record(z.union([z.string(), z.number(), z.boolean(), z.null()]), {
            description:
              'scaling.io/ annotations and their values; an empty value is left out',
          }),
      },
      output: {
        path: z =>
          z.string({ description: 'The file, relative to the workspace' }),
        changed: z =>
          z.array(z.string(), {
            description: 'The annotations added or changed',
          }),
      },
    },
    async handler(ctx) {
      const { entityRef, path, annotations } = ctx.input;
      const file = resolveSafeChildPath(ctx.workspacePath, path);
      let stat;
      try {
        stat = await fs.stat(file);
      } catch {
        throw new InputError(
          `path: no file ${path} in the workspace; fetch it first`,
        );
      }
      if (stat.size > MAX_CATALOG_INFO_BYTES) {
        throw new InputError(
          `path: ${path} is larger than ${MAX_CATALOG_INFO_BYTES / 1024} kB; refused`,
        );
      }
      const text = await fs.readFile(file, 'utf8');
      const result = annotateCatalogInfo(text, entityRef, annotations);
      if (result.changed.length > 0) {
        await fs.writeFile(file, result.text);
      }
      ctx.logger.info(
        result.changed.length > 0
          ? `Annotated ${entityRef} in ${path}: ${result.changed.join(', ')}`
          : `${entityRef} in ${path} already has these annotations`,
      );
      ctx.output('path', path);
      ctx.output('changed', result.changed);
    },
  });
}
