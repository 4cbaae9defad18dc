import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The org-wide overview page (`/scaling` by default). @public */
export const rootRouteRef = createRouteRef({
  id: 'scaling',
});

/**
 * The scaffolder's template page, where a migration template opens with its form filled in.
 * Optional: when the app does not bind it, links fall back to the scaffolder's default path
 * (`/create/templates/:namespace/:templateName`).
 *
 * @public
 */
export const selectedTemplateRouteRef = createExternalRouteRef({
  id: 'scaling-selected-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
