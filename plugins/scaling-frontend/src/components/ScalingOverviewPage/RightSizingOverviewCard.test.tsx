import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ENTITY_ROUTE } from '../../__testUtils__/render';
import { rightSizingOverviewOf } from '@scaling-advisor/backstage-plugin-scaling-common';
import { overviewItem } from '../../__testUtils__/fixtures';
import { RightSizingOverviewCard } from './RightSizingOverviewCard';

const GIB = 1024 ** 3;

describe('RightSizingOverviewCard', () => {
  it('totals what right-sizing frees by tier and by owner, most cores first', async () => {
    const overview = rightSizingOverviewOf([
      overviewItem(0, {
        currentTier: 'kubernetes',
        owner: 'group:default/catalog',
        rightSizingSaving: { cpuCores: 3.68, memoryBytes: 6.8 * GIB },
      }),
      overviewItem(1, {
        currentTier: 'enterprise',
        owner: 'group:default/checkout',
        rightSizingSaving: { cpuCores: 0, memoryBytes: 0 },
      }),
      overviewItem(2, { currentTier: 'kubernetes', rightSizingSaving: null }),
    ]);
    await renderInTestApp(<RightSizingOverviewCard rightSizing={overview} />, {
      mountedRoutes: { [ENTITY_ROUTE]: entityRouteRef },
    });
    expect(
      screen.getByText(/3\.68 cores and 6\.8 GiB across 2 services/),
    ).toBeInTheDocument();
    const tiers = within(
      screen.getByRole('table', { name: 'Right-sizing by tier' }),
    ).getAllByRole('row');
    expect(tiers.map(r => r.textContent)).toEqual([
      'TierServicesCPU freedMemory freed',
      'Kubernetes13.68 cores6.8 GiB',
      'Enterprise10 cores0 MiB',
    ]);
    const owners = within(
      screen.getByRole('table', { name: 'Right-sizing by owner' }),
    ).getAllByRole('row');
    expect(owners[1]).toHaveTextContent('catalog');
    expect(owners[1]).toHaveTextContent('3.68 cores');
  });

  it('shows nothing without cluster data', async () => {
    const { container } = await renderInTestApp(
      <RightSizingOverviewCard rightSizing={rightSizingOverviewOf([])} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
