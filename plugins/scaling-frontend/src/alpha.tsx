import React from 'react';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { Entity } from '@backstage/catalog-model';
import { Content } from '@backstage/core-components';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { ScalingClient, scalingApiRef } from './api';
import { isScalingAvailable } from './lib/availability';
import { rootRouteRef, selectedTemplateRouteRef } from './routes';

const routes = convertLegacyRouteRefs({ root: rootRouteRef });
const externalRoutes = convertLegacyRouteRefs({
  // Defaults to `scaffolder.selectedTemplate`; bind it elsewhere in app-config if needed.
  selectedTemplate: selectedTemplateRouteRef,
});

const isGroupOrSystem = (entity: Entity) =>
  ['group', 'system'].includes(entity.kind.toLocaleLowerCase('en-US'));

/** The `scaling` API over the discovery and fetch APIs. @alpha */
export const scalingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scalingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScalingClient({ discoveryApi, fetchApi }),
    }),
});

/** The org-wide overview page at `/scaling`. @alpha */
export const scalingOverviewPage = PageBlueprint.make({
  params: {
    path: '/scaling',
    title: 'Scaling Advisor',
    icon: <TrendingUpIcon />,
    routeRef: routes.root,
    loader: () =>
      import('./components/ScalingOverviewPage').then(m =>
        compatWrapper(
          <Content>
            <m.ScalingOverviewContent />
          </Content>,
        ),
      ),
  },
});

/** The entity tab, on entities with Scaling Advisor annotations. @alpha */
export const scalingEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'scaling',
    title: 'Scaling',
    filter: isScalingAvailable,
    loader: () =>
      import('./components/EntityScalingContent').then(m =>
        compatWrapper(<m.EntityScalingContent />),
      ),
  },
});

/** The summary card on the entity overview. @alpha */
export const scalingEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isScalingAvailable,
    loader: () =>
      import('./components/EntityScalingCard').then(m =>
        compatWrapper(<m.EntityScalingCard />),
      ),
  },
});

/** The org card on Group pages (what the group owns) and System pages (what it contains). @alpha */
export const scalingOrgEntityCard = EntityCardBlueprint.make({
  name: 'org',
  params: {
    filter: isGroupOrSystem,
    loader: () =>
      import('./components/ScalingOrgCard').then(m =>
        compatWrapper(<m.EntityScalingOrgCard />),
      ),
  },
});

/** The org card as a home-page widget over the whole org. @alpha */
export const scalingHomePageWidget = HomePageWidgetBlueprint.make({
  name: 'org',
  params: {
    title: 'Scaling Advisor',
    description:
      'Services that should move tier, most urgent first, with their readiness.',
    components: () =>
      import('./components/ScalingOrgCard/homePageParts').then(m => ({
        Content: (props?: { limit?: number }) =>
          compatWrapper(<m.Content {...props} />),
      })),
    layout: {
      width: { minColumns: 4, defaultColumns: 6 },
      height: { minRows: 4, defaultRows: 6 },
    },
  },
});

/**
 * The Scaling Advisor for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'scaling',
  title: 'Scaling Advisor',
  icon: <TrendingUpIcon />,
  info: { packageJson: () => import('../package.json') },
  routes,
  externalRoutes,
  extensions: [
    scalingApi,
    scalingOverviewPage,
    scalingEntityContent,
    scalingEntityCard,
    scalingOrgEntityCard,
    scalingHomePageWidget,
  ],
});
