import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import {
  LastScan,
  OverviewQuery,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { mockScalingApi, overviewResponse } from '../../__testUtils__/fixtures';
import {
  renderScaling,
  responseError,
  setupUser,
  exposed,
} from '../../__testUtils__/render';
import {
  ScalingOverviewContent,
  ScalingOverviewPage,
} from './ScalingOverviewPage';

const user = setupUser();

/** A backend of 10,000 services whose pages hold 4 rows, so that tests render quickly. */
const smallPages = (lastScan: LastScan | null = null) =>
  mockScalingApi({
    getOverview: jest.fn(async q => overviewResponse(q, 10_000, lastScan, 4)),
  });

const lastCall = (api: ReturnType<typeof mockScalingApi>) =>
  api.getOverview.mock.calls[
    api.getOverview.mock.calls.length - 1
  ][0] as OverviewQuery;

async function renderContent(api = smallPages()) {
  await renderScaling(<ScalingOverviewContent />, { api });
  await screen.findByText('service-0');
  return api;
}

async function typeInto(label: string, text: string) {
  await user.click(screen.getByLabelText(label));
  await user.paste(text);
}

function tableRows() {
  const table = screen
    .getByText('Name / System', { selector: 'th *' })
    .closest('table')!;
  return within(table).getAllByRole('row').slice(1);
}

describe('ScalingOverviewPage', () => {
  it('shows what is missing across the org, most often unknown first, with each fix', async () => {
    await renderContent();
    const list = screen.getByRole('list', { name: 'Missing signals' });
    const items = within(list).getAllByRole('listitem');
    // Of 10,000 services: users and budget nowhere, platform unknown for every fifth.
    expect(items[0]).toHaveTextContent(
      'Active users: unknown for 10,000 of 10,000',
    );
    // The Prometheus module is installed but not configured: the hint names its key.
    expect(items[0]).toHaveTextContent(
      'The prometheus metrics provider is installed but not configured: set scaling.metrics.prometheus.baseUrl in app-config',
    );
    const platform = items.find(i => i.textContent?.startsWith('Platform'))!;
    expect(platform).toHaveTextContent('Platform: unknown for 2,000 of 10,000');
    expect(platform).toHaveTextContent('Known from the repository 8,000.');
    // The repository module is installed: what it needs is a source location.
    expect(platform).toHaveTextContent(
      'of the Components that have backstage.io/source-location',
    );
    expect(list).not.toHaveTextContent('Install');
    // Signals every service has are not listed.
    expect(list).not.toHaveTextContent('Uptime SLA');
    expect(list).not.toHaveTextContent('Services in the system');
  });

  it('renders the first page of 10,000 services without fetching all rows', async () => {
    const api = mockScalingApi();
    await renderScaling(<ScalingOverviewPage />, { api });
    await screen.findByText('service-0');

    expect(
      screen.getByRole('heading', { name: 'Scaling Advisor' }),
    ).toBeInTheDocument();
    for (const [query] of api.getOverview.mock.calls) {
      expect(query).toEqual({
        limit: 20,
        offset: 0,
        sort: undefined,
        owner: undefined,
        system: undefined,
        q: undefined,
        currentTier: undefined,
        recommendedTier: undefined,
        status: undefined,
      });
    }
    expect(tableRows()).toHaveLength(20);
    expect(screen.getAllByText('1-20 of 10000').length).toBeGreaterThan(0);

    // Each row links to its entity, with its tiers, status, readiness and a launch button.
    const row = tableRows()[1];
    expect(
      within(row).getByRole('link', { name: 'service-1' }),
    ).toHaveAttribute('href', '/catalog/default/component/service-1');
    expect(within(row).getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
    expect(row).toHaveTextContent(
      'service-1shoppaymentsManaged CloudKubernetesAligned7%100—',
    );
    expect(
      within(row).getByRole('button', {
        name: 'Launch migration for service-1',
      }),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('img', {
        name: 'Services by tier, current vs recommended: Single VPS 2,500 → 2,490; Managed Cloud 2,500 → 2,510; Kubernetes 2,500 → 2,500; Enterprise 2,500 → 2,500; Unknown 0 → 0.',
      }),
    ).toBeInTheDocument();
    for (const element of exposed([
      ...screen.getAllByRole('button'),
      ...screen.getAllByRole('link'),
      ...screen.getAllByRole('img'),
      ...screen.getAllByRole('textbox'),
      ...screen.getAllByRole('combobox'),
    ])) {
      expect(element).toHaveAccessibleName();
    }
    expect(screen.getByText(/Assessed live/)).toBeInTheDocument();
    expect(screen.queryByText(/may be out of date/)).not.toBeInTheDocument();
    expect(api.getOverviewCsv).not.toHaveBeenCalled();
    expect(api.getAssessment).not.toHaveBeenCalled();
  });

  it('shows a row status as an icon named by its label, and findings as a count named by the worst', async () => {
    const api = mockScalingApi({
      getOverview: jest.fn(async q => {
        const response = overviewResponse(q, 2, null, 2);
        response.items[0].findings = [
          { id: 'sla-breach', severity: 'info', message: 'An info' },
          { id: 'budget-constrained', severity: 'warning', message: 'Tight' },
        ];
        return response;
      }),
    });
    await renderScaling(<ScalingOverviewContent />, { api });
    await screen.findByText('service-0');
    const [first, second] = tableRows();
    const badge = within(first).getByLabelText('2 findings, worst: Warning');
    expect(badge).toHaveTextContent('2');
    expect(within(second).queryByLabelText(/findings?,/)).toBeNull();
    expect(second).toHaveTextContent('—');
    // The status's label is in the row's text (screen readers, search) and its tooltip.
    expect(first).toHaveTextContent('Under-provisioned');
    await user.hover(within(first).getByText('Under-provisioned'));
    expect(
      await screen.findByRole('tooltip', { name: 'Under-provisioned' }),
    ).toBeInTheDocument();
    await user.hover(badge);
    expect(
      await screen.findByRole('tooltip', {
        name: /Warning: Tight.*Info: An info/,
      }),
    ).toBeInTheDocument();
  });

  it('fetches the next page from the server', async () => {
    const api = await renderContent();
    await user.click(screen.getAllByRole('button', { name: 'Next Page' })[0]);
    await waitFor(() =>
      expect(lastCall(api)).toMatchObject({ limit: 20, offset: 20 }),
    );
    expect(await screen.findByText('service-20')).toBeInTheDocument();
  });

  it('sorts on the server, ascending then descending, and keeps the sort when a filter changes', async () => {
    const api = await renderContent();
    await user.click(screen.getByRole('button', { name: 'Readiness' }));
    await waitFor(() =>
      expect(lastCall(api)).toMatchObject({
        sort: 'readinessScore',
        offset: 0,
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Readiness' }));
    await waitFor(() =>
      expect(lastCall(api)).toMatchObject({ sort: '-readinessScore' }),
    );

    await user.click(screen.getByRole('button', { name: /^Over-provisioned/ }));
    await waitFor(() =>
      expect(lastCall(api)).toMatchObject({
        status: 'over-provisioned',
        sort: '-readinessScore',
      }),
    );
  });

  it('filters by status when a status count is pressed, keeping the counts of the whole scope', async () => {
    const api = await renderContent();
    const under = screen.getByRole('button', {
      name: 'Under-provisioned: 2,500',
    });
    expect(under).toHaveAttribute('aria-pressed', 'false');
    await user.click(under);
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenCalledWith(
        expect.objectContaining({
          status: 'under-provisioned',
          limit: 20,
          offset: 0,
        }),
      ),
    );
    // The counts come from the scope without the status filter, one row only.
    expect(api.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({ status: undefined, limit: 1 }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'Under-provisioned: 2,500',
        pressed: true,
      }),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Under-provisioned: 2,500' }),
    );
    await waitFor(() => expect(lastCall(api).status).toBeUndefined());
  });

  it('filters by owner, system, tiers and name through the API', async () => {
    const api = await renderContent();
    await typeInto('Owner', 'payments');
    await typeInto('System', 'system:default/shop');
    await typeInto('Search by name', 'check');
    await user.selectOptions(
      screen.getByLabelText('Current tier'),
      'Managed Cloud',
    );
    await user.selectOptions(
      screen.getByLabelText('Recommended tier'),
      'Unknown',
    );
    await waitFor(() =>
      expect(lastCall(api)).toEqual({
        owner: 'group:default/payments',
        system: 'system:default/shop',
        q: 'check',
        currentTier: 'managed-cloud',
        recommendedTier: 'unknown',
        status: undefined,
        sort: undefined,
        limit: 20,
        offset: 0,
      }),
    );
  });

  it('exports CSV with the current filters', async () => {
    const createObjectURL = jest.fn(() => 'blob:csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = await renderContent();
    await user.click(
      screen.getByRole('button', { name: /^Under-provisioned/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(api.getOverviewCsv).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'under-provisioned' }),
      ),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(createObjectURL).toHaveBeenCalled();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:csv');
    click.mockRestore();
  });

  it('shows the last scan time and a banner when it is stale', async () => {
    await renderContent(
      smallPages({
        startedAt: '2026-11-27T02:00:00.000Z',
        finishedAt: '2026-11-27T02:05:00.000Z',
        entities: 10000,
        durationMs: 300000,
        stale: true,
      }),
    );
    expect(
      screen.getByText(/Last scan finished .* \(10,000 entities in 300 s\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This overview may be out of date',
    );
  });

  it("shows the backend's message when the overview fails", async () => {
    const error = await responseError(500, 'Error', 'Catalog read failed');
    const api = mockScalingApi({
      getOverview: jest.fn().mockRejectedValue(error),
    });
    await renderScaling(<ScalingOverviewContent />, { api });
    expect(await screen.findByText('Catalog read failed')).toBeInTheDocument();
  });

  it('loads the templates of a row only when its launch button is pressed', async () => {
    const api = await renderContent();
    expect(api.getAssessment).not.toHaveBeenCalled();
    await user.click(
      screen.getByRole('button', { name: 'Launch migration for service-3' }),
    );
    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/service-3',
    );
    expect(
      await screen.findByRole('menuitem', { name: 'Migrate to Kubernetes' }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^\/create\/templates\/default\/scaling-kubernetes\?formData=/,
      ),
    );
  });
});
