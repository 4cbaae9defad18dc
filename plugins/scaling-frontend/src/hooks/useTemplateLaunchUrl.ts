import { useRouteRef } from '@backstage/core-plugin-api';
import { TemplateOffer } from '@scaling-advisor/backstage-plugin-scaling-common';
import { useCallback } from 'react';
import { selectedTemplateRouteRef } from '../routes';
import { templateLaunchUrl } from '../lib/templateLaunchUrl';

/** A function from a template offer to its launch URL, through the app's route bindings. */
export function useTemplateLaunchUrl(): (
  template: Pick<TemplateOffer, 'entityRef' | 'formData'>,
) => string {
  const routeFunc = useRouteRef(selectedTemplateRouteRef);
  return useCallback(
    template => templateLaunchUrl(template, routeFunc),
    [routeFunc],
  );
}
