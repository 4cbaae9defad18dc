import React from 'react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { scalingApiRef, ScalingApi } from '../api';
import { rootRouteRef, selectedTemplateRouteRef } from '../routes';

export const ENTITY_ROUTE = '/catalog/:namespace/:kind/:name';

/** Renders inside a test app with the Scaling API, and an entity when given. */
export function renderScaling(
  element: React.ReactElement,
  options: {
    api: ScalingApi;
    entity?: Entity;
    /** Bind the scaffolder's template page to this path. */
    templatePath?: string;
  },
) {
  const mountedRoutes: Record<string, any> = {
    [ENTITY_ROUTE]: entityRouteRef,
    '/scaling': rootRouteRef,
  };
  if (options.templatePath) {
    mountedRoutes[options.templatePath] = selectedTemplateRouteRef;
  }
  return renderInTestApp(
    <TestApiProvider apis={[[scalingApiRef, options.api]]}>
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    { mountedRoutes },
  );
}

/** A ResponseError as the client builds it from a Backstage backend's error body. */
export async function responseError(
  status: number,
  name: string,
  message: string,
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/scaling' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/** The JSON behind `?formData=` of a launch link. */
export function formDataOf(href: string): unknown {
  const query = href.slice(href.indexOf('?') + 1);
  return JSON.parse(new URLSearchParams(query).get('formData')!);
}

/**
 * userEvent without its per-event pointer-events check: that check reads computed styles up
 * the tree, which jsdom makes slow with Material UI's many stylesheets.
 */
export function setupUser() {
  return userEvent.setup({
    delay: null,
    pointerEventsCheck: PointerEventsCheckLevel.Never,
  });
}

/**
 * The elements assistive technology sees: role queries here include `aria-hidden` subtrees
 * (`defaultHidden`, for speed), so leave those out before checking names.
 */
export function exposed(elements: HTMLElement[]): HTMLElement[] {
  return elements.filter(element => !element.closest('[aria-hidden="true"]'));
}
