import React from 'react';
import { createDevApp } from '@backstage/dev-utils';
import { Content, Header, Page } from '@backstage/core-components';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityScalingCard,
  EntityScalingContent,
  EntityScalingOrgCard,
  ScalingOrgCard,
  ScalingOverviewPage,
  scalingPlugin,
} from '../src';
import { ScalingClient, scalingApiRef } from '../src/api';
import { FakeScalingApi } from './FakeScalingApi';

// `yarn start` (or `npm start` in this package) serves the plugin against an in-memory fake of
// the backend; open the app with `?backend=real` to talk to a running `scaling` backend.
const useRealBackend = new URLSearchParams(window.location.search).has(
  'backend',
);

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'service-007',
    namespace: 'default',
    annotations: {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '55433',
      'scaling.io/uptime-sla': '99.9',
      'scaling.io/monthly-budget-usd': '2400',
      'scaling.io/health-endpoint': '/health',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    system: 'shop',
    lifecycle: 'production',
  },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const app = createDevApp().registerPlugin(scalingPlugin);
if (useRealBackend) {
  app.registerApi({
    api: scalingApiRef,
    deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
    factory: ({ discoveryApi, fetchApi }) =>
      new ScalingClient({ discoveryApi, fetchApi }),
  });
} else {
  app.registerApi({
    api: scalingApiRef,
    deps: {},
    factory: () => new FakeScalingApi(),
  });
}

app
  .addPage({
    element: <ScalingOverviewPage />,
    title: 'Overview',
    path: '/scaling',
  })
  .addPage({
    title: 'Entity tab',
    path: '/scaling-entity',
    element: (
      <EntityProvider entity={service}>
        <Page themeId="service">
          <Header
            title={service.metadata.name}
            subtitle="Scaling Advisor entity tab"
          />
          <Content>
            <EntityScalingContent />
          </Content>
        </Page>
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Cards',
    path: '/scaling-cards',
    element: (
      <Page themeId="home">
        <Header title="Cards" />
        <Content>
          <Grid container spacing={3}>
            <Grid item xs={12} md={4}>
              <EntityProvider entity={service}>
                <EntityScalingCard />
              </EntityProvider>
            </Grid>
            <Grid item xs={12} md={8}>
              <EntityProvider entity={group}>
                <EntityScalingOrgCard title="Scaling Advisor: payments" />
              </EntityProvider>
            </Grid>
            <Grid item xs={12}>
              <ScalingOrgCard title="Scaling Advisor: whole org" />
            </Grid>
          </Grid>
        </Content>
      </Page>
    ),
  })
  .render();
