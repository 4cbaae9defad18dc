import React from 'react';
import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import plugin, {
  scalingEntityCard,
  scalingEntityContent,
  scalingOrgEntityCard,
  scalingOverviewPage,
} from './alpha';
import { scalingApiRef } from './api';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  entityWith,
  mockScalingApi,
} from './__testUtils__/fixtures';

const configured = entityWith(UNDER_PROVISIONED_ANNOTATIONS);
const plain = entityWith({});
const group = entityWith({}, { kind: 'Group', name: 'payments' });

describe('the new frontend system plugin', () => {
  it('is the scaling plugin with the page, tab, cards, API and home widget', () => {
    expect(plugin.pluginId).toBe('scaling');
    for (const id of [
      'page:scaling',
      'entity-content:scaling',
      'entity-card:scaling',
      'entity-card:scaling/org',
      'home-page-widget:scaling/org',
    ]) {
      expect(plugin.getExtension(id as any)).toBeDefined();
    }
    expect(Object.keys(plugin.externalRoutes)).toEqual(['selectedTemplate']);
  });

  it('mounts the page at /scaling', () => {
    expect(
      createExtensionTester(scalingOverviewPage).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/scaling');
  });

  it('shows the tab and the card only on entities the advisor knows about', () => {
    const tab = createExtensionTester(scalingEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const card = createExtensionTester(scalingEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    const api = entityWith({}, { kind: 'API', name: 'orders-api' });
    expect(tab?.(configured)).toBe(true);
    // Every Component, annotated or not: the repository and the org policy may know it.
    expect(tab?.(plain)).toBe(true);
    expect(tab?.(api)).toBe(false);
    expect(card?.(configured)).toBe(true);
    expect(
      card?.(
        entityWith(
          { 'backstage.io/kubernetes-id': 'x' },
          { kind: 'Resource', name: 'x' },
        ),
      ),
    ).toBe(true);
    expect(card?.(api)).toBe(false);
  });

  it('puts the org card on Group and System pages only', () => {
    const filter = createExtensionTester(scalingOrgEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(group)).toBe(true);
    expect(filter?.(entityWith({}, { kind: 'System', name: 'shop' }))).toBe(
      true,
    );
    expect(filter?.(configured)).toBe(false);
  });

  it('renders the entity card, loaded lazily, with the API from the app', async () => {
    const api = mockScalingApi();
    const tester = createExtensionTester(scalingEntityCard);
    await renderInTestApp(
      <EntityProvider entity={configured}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[scalingApiRef, api]] },
    );
    expect(await screen.findByText('Under-provisioned')).toBeInTheDocument();
    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/checkout',
    );
  });
});
