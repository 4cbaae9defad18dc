import React from 'react';
import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { OverviewQuery } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  mockScalingApi,
  overviewItem,
  overviewResponse,
} from '../../__testUtils__/fixtures';
import {
  renderScaling,
  responseError,
  setupUser,
  exposed,
} from '../../__testUtils__/render';
import { EntityScalingOrgCard, ScalingOrgCard } from './ScalingOrgCard';
import { Content as HomePageContent } from './homePageParts';

const user = setupUser();

/** Two under-provisioned services (lowest readiness first), then the others in status order. */
function orgApi() {
  return mockScalingApi({
    getOverview: jest.fn(async (query: OverviewQuery) => {
      if (query.status === 'under-provisioned') {
        return {
          ...overviewResponse(query, 2),
          items: [
            overviewItem(8, {
              name: 'ledger',
              entityRef: 'component:default/ledger',
              readinessScore: 10,
              status: 'under-provisioned',
              currentTier: 'single-vps',
              recommendedTier: 'managed-cloud',
            }),
            overviewItem(4, {
              name: 'cart',
              entityRef: 'component:default/cart',
              readinessScore: 55,
              status: 'under-provisioned',
              currentTier: 'managed-cloud',
              recommendedTier: 'kubernetes',
            }),
          ],
          totalCount: 2,
        };
      }
      return {
        ...overviewResponse(query, 40),
        items: [
          overviewItem(2, {
            name: 'search',
            entityRef: 'component:default/search',
            status: 'over-provisioned',
            readinessScore: null,
          }),
          overviewItem(1, {
            name: 'profile',
            entityRef: 'component:default/profile',
            status: 'aligned',
          }),
          overviewItem(3, {
            name: 'legacy',
            entityRef: 'component:default/legacy',
            status: 'insufficient-data',
          }),
        ].slice(0, query.limit),
      };
    }),
  });
}

const entityOf = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('ScalingOrgCard', () => {
  it('lists the most urgent services first, with counts by status and a link to the page', async () => {
    const api = orgApi();
    await renderScaling(<ScalingOrgCard />, { api });

    const list = await screen.findByRole('list', {
      name: 'Most urgent services',
    });
    const rows = within(list).getAllByRole('listitem');
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].textContent),
    ).toEqual(['ledger', 'cart', 'search', 'profile', 'legacy']);
    expect(
      within(rows[0]).getByRole('group', {
        name: 'ledger: Single VPS to Managed Cloud',
      }),
    ).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('Readiness 10%');
    expect(rows[2]).toHaveTextContent('Readiness —');
    expect(
      within(rows[1]).getByRole('button', {
        name: 'Launch migration for cart',
      }),
    ).toBeInTheDocument();

    const counts = screen.getByRole('group', { name: 'Services by status' });
    expect(counts).toHaveTextContent('Under-provisioned: 10');
    expect(counts).toHaveTextContent('Insufficient data: 10');
    expect(
      screen.getByRole('link', { name: /View all services/ }),
    ).toHaveAttribute('href', '/scaling');
    for (const element of exposed([
      ...screen.getAllByRole('button'),
      ...screen.getAllByRole('link'),
    ])) {
      expect(element).toHaveAccessibleName();
    }

    expect(api.getOverview).toHaveBeenCalledWith({
      owner: undefined,
      system: undefined,
      status: 'under-provisioned',
      sort: 'readinessScore',
      limit: 5,
      offset: 0,
    });
    expect(api.getOverview).toHaveBeenCalledWith({
      owner: undefined,
      system: undefined,
      sort: 'status',
      offset: 2,
      limit: 3,
    });
  });

  it("opens the row's migration templates from its launch button", async () => {
    const api = orgApi();
    await renderScaling(<ScalingOrgCard />, { api });
    await user.click(
      await screen.findByRole('button', {
        name: 'Launch migration for ledger',
      }),
    );
    expect(api.getAssessment).toHaveBeenCalledWith('component:default/ledger');
    expect(
      await screen.findByRole('menuitem', { name: 'Migrate to Kubernetes' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/scaling-kubernetes?formData=',
      ),
    );
  });

  it('says when no template is offered for a row', async () => {
    const api = orgApi();
    api.getAssessment.mockResolvedValue({
      ...(await api.getAssessment('x')),
      templates: [],
    });
    await renderScaling(<ScalingOrgCard />, { api });
    await user.click(
      await screen.findByRole('button', { name: 'Launch migration for cart' }),
    );
    expect(
      await screen.findByRole('menuitem', {
        name: 'No migration template is offered',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
  });

  it('says when the templates of a row cannot be loaded', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/ledger',
    );
    const api = mockScalingApi({
      getAssessment: jest.fn().mockRejectedValue(error),
    });
    await renderScaling(<ScalingOrgCard />, { api });
    await user.click(
      (
        await screen.findAllByRole('button', { name: /Launch migration for/ })
      )[0],
    );
    expect(
      await screen.findByText(
        /Could not load templates: No entity component:default\/ledger/,
      ),
    ).toBeInTheDocument();
  });

  it('is scoped to what a Group owns on its page', async () => {
    const api = orgApi();
    await renderScaling(<EntityScalingOrgCard />, {
      api,
      entity: entityOf('Group', 'payments'),
    });
    await screen.findByRole('list', { name: 'Most urgent services' });
    for (const [query] of api.getOverview.mock.calls) {
      expect(query).toMatchObject({
        owner: 'group:default/payments',
        system: undefined,
      });
    }
  });

  it('is scoped to what a System contains on its page', async () => {
    const api = orgApi();
    await renderScaling(<EntityScalingOrgCard />, {
      api,
      entity: entityOf('System', 'shop'),
    });
    await screen.findByRole('list', { name: 'Most urgent services' });
    for (const [query] of api.getOverview.mock.calls) {
      expect(query).toMatchObject({
        system: 'system:default/shop',
        owner: undefined,
      });
    }
  });

  it('works as a home-page widget over the whole org', async () => {
    const api = orgApi();
    await renderScaling(<HomePageContent limit={3} />, { api });
    const rows = within(
      await screen.findByRole('list', { name: 'Most urgent services' }),
    ).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(api.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 3, status: 'under-provisioned' }),
    );
  });

  it('shows progress, then the backend error', async () => {
    let reject: (e: Error) => void = () => {};
    const api = mockScalingApi({
      getOverview: jest.fn(() => new Promise((_, r) => (reject = r))),
    });
    await renderScaling(<ScalingOrgCard />, { api });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    reject(
      await responseError(
        403,
        'NotAllowedError',
        'You may not read the catalog',
      ),
    );
    expect(
      await screen.findByText('You may not read the catalog'),
    ).toBeInTheDocument();
  });

  it('says so when nothing is assessed yet', async () => {
    const api = mockScalingApi({
      getOverview: jest.fn(async (q: OverviewQuery) => overviewResponse(q, 0)),
    });
    await renderScaling(<ScalingOrgCard />, { api });
    expect(
      await screen.findByText('No assessed services here yet.'),
    ).toBeInTheDocument();
  });
});
