import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createCardExtension } from '@backstage/plugin-home-react';
import { ScalingClient, scalingApiRef } from './api';
import { rootRouteRef, selectedTemplateRouteRef } from './routes';
import type { ScalingOrgCardProps } from './components/ScalingOrgCard';

/**
 * The Scaling Advisor frontend plugin for the legacy frontend system.
 *
 * @public
 */
export const scalingPlugin = createPlugin({
  id: 'scaling',
  apis: [
    createApiFactory({
      api: scalingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScalingClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
  externalRoutes: {
    selectedTemplate: selectedTemplateRouteRef,
  },
});

/**
 * The org-wide overview: tier distribution, status counts, and every assessed service.
 *
 * @public
 */
export const ScalingOverviewPage: () => JSX.Element = scalingPlugin.provide(
  createRoutableExtension({
    name: 'ScalingOverviewPage',
    component: () =>
      import('./components/ScalingOverviewPage').then(
        m => m.ScalingOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity tab: tier ladder, signals, Kubernetes gate, readiness, findings, cost, history,
 * what-if and the migration templates.
 *
 * @public
 */
export const EntityScalingContent: () => JSX.Element | null =
  scalingPlugin.provide(
    createComponentExtension({
      name: 'EntityScalingContent',
      component: {
        lazy: () =>
          import('./components/EntityScalingContent').then(
            m => m.EntityScalingContent,
          ),
      },
    }),
  );

/**
 * The summary card for an entity's overview page.
 *
 * @public
 */
export const EntityScalingCard: (props: { title?: string }) => JSX.Element =
  scalingPlugin.provide(
    createComponentExtension({
      name: 'EntityScalingCard',
      component: {
        lazy: () =>
          import('./components/EntityScalingCard').then(
            m => m.EntityScalingCard,
          ),
      },
    }),
  );

/**
 * The org card scoped to the current Group (what it owns) or System (what it contains).
 *
 * @public
 */
export const EntityScalingOrgCard: (
  props: Omit<ScalingOrgCardProps, 'owner' | 'system'>,
) => JSX.Element = scalingPlugin.provide(
  createComponentExtension({
    name: 'EntityScalingOrgCard',
    component: {
      lazy: () =>
        import('./components/ScalingOrgCard').then(m => m.EntityScalingOrgCard),
    },
  }),
);

/**
 * The org card over the whole catalog, for any page (props `owner` and `system` scope it).
 *
 * @public
 */
export const ScalingOrgCard: (props: ScalingOrgCardProps) => JSX.Element =
  scalingPlugin.provide(
    createComponentExtension({
      name: 'ScalingOrgCard',
      component: {
        lazy: () =>
          import('./components/ScalingOrgCard').then(m => m.ScalingOrgCard),
      },
    }),
  );

/**
 * The org card as a home-page widget (`@backstage/plugin-home`).
 *
 * @public
 */
export const HomePageScalingOrgCard = scalingPlugin.provide(
  createCardExtension<{ limit?: number }>({
    name: 'HomePageScalingOrgCard',
    title: 'Scaling Advisor',
    description:
      'Services that should move tier, most urgent first, with their readiness.',
    components: () => import('./components/ScalingOrgCard/homePageParts'),
    layout: {
      width: { minColumns: 4, defaultColumns: 6 },
      height: { minRows: 4, defaultRows: 6 },
    },
  }),
);
