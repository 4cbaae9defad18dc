import { parseEntityRef } from '@backstage/catalog-model';
import { TemplateOffer } from '@scaling-advisor/backstage-plugin-scaling-common';

/** The scaffolder route's function, when the app binds it. @public */
export type TemplateRouteFunc = (params: {
  namespace: string;
  templateName: string;
}) => string;

/** The scaffolder's own path for a template, used when the app has not bound the route. */
export const DEFAULT_TEMPLATE_PATH =
  '/create/templates/:namespace/:templateName';

/**
 * The scaffolder URL that opens a migration template with its form filled in:
 * `<template page>?formData=<URL-encoded JSON of the offer's formData>`.
 *
 * @public
 */
export function templateLaunchUrl(
  template: Pick<TemplateOffer, 'entityRef' | 'formData'>,
  routeFunc?: TemplateRouteFunc,
): string {
  const { namespace, name } = parseEntityRef(template.entityRef, {
    defaultKind: 'template',
  });
  const path = routeFunc
    ? routeFunc({ namespace, templateName: name })
    : DEFAULT_TEMPLATE_PATH.replace(
        ':namespace',
        encodeURIComponent(namespace),
      ).replace(':templateName', encodeURIComponent(name));
  const formData = encodeURIComponent(JSON.stringify(template.formData ?? {}));
  return `${path}?formData=${formData}`;
}
