import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import {
  LastScan,
  OverviewQuery,
  PracticeOverview,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
  mockScalingApi,
  overviewResponse,
} from '../../__testUtils__/fixtures';
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
      'service-1shoppaymentsManaged CloudKubernetesAligned7%13%100—',
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

  it("lists only a row's migrations in its launch menu, not the annotate or practices templates", async () => {
    const api = smallPages();
    api.getAssessment.mockImplementation(async () => {
      const assessment = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
      for (const purpose of ['annotate', 'practices'] as const) {
        assessment.templates.push({
          entityRef: `template:default/scaling-${purpose}`,
          title: `The ${purpose} template`,
          purpose,
          targetTier: null,
          platform: null,
          formData: {},
        });
      }
      return assessment;
    });
    await renderContent(api);
    await user.click(
      screen.getByRole('button', { name: 'Launch migration for service-3' }),
    );
    expect(
      (await screen.findAllByRole('menuitem')).map(i => i.textContent),
    ).toEqual(['Migrate to Kubernetes']);
  });

  describe('practices', () => {
    const practice = (
      p: Pick<PracticeOverview, 'id' | 'label' | 'group' | 'severity'> &
        Partial<PracticeOverview>,
    ): PracticeOverview => ({
      passed: 0,
      failed: 0,
      unknown: 0,
      byTier: {},
      ...p,
    });
    // As the API might list them: most failed first, then most unknown.
    const PRACTICES: PracticeOverview[] = [
      practice({
        id: 'network-policy',
        label: 'Network policy',
        group: 'security',
        severity: 'medium',
        passed: 2,
        failed: 5,
        unknown: 1,
        byTier: {
          kubernetes: { passed: 2, failed: 3, unknown: 0 },
          enterprise: { passed: 0, failed: 2, unknown: 1 },
        },
      }),
      practice({
        id: 'structured-logging',
        label: 'Structured (JSON) logging',
        group: 'observability',
        severity: 'medium',
        passed: 1,
        failed: 3,
        unknown: 4,
        byTier: { kubernetes: { passed: 1, failed: 3, unknown: 4 } },
      }),
      practice({
        id: 'probes',
        label: 'Liveness and readiness probes',
        group: 'reliability',
        severity: 'high',
        passed: 5,
        failed: 3,
        byTier: { kubernetes: { passed: 5, failed: 3, unknown: 0 } },
      }),
      practice({
        id: 'cache',
        label: 'A cache in front of the database',
        group: 'cost',
        severity: 'low',
        failed: 3,
        unknown: 2,
        byTier: {
          'managed-cloud': { passed: 0, failed: 1, unknown: 2 },
          kubernetes: { passed: 0, failed: 2, unknown: 0 },
        },
      }),
      practice({
        id: 'health-check',
        label: 'Health check',
        group: 'reliability',
        severity: 'high',
        passed: 4,
        byTier: { 'single-vps': { passed: 4, failed: 0, unknown: 0 } },
      }),
    ];
    const withPractices = () =>
      mockScalingApi({
        getOverview: jest.fn(async (q?: OverviewQuery) => ({
          ...overviewResponse(q, 12, null, 4),
          practices: PRACTICES,
        })),
      });

    function practiceRows() {
      const table = screen.getByRole('table', {
        name: 'Practices across the org',
      });
      return within(table).getAllByRole('row').slice(1);
    }

    it('lists each practice across the org, worst first, with its counts and how it fares on each tier', async () => {
      await renderContent(withPractices());
      const table = screen.getByRole('table', {
        name: 'Practices across the org',
      });
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map(h => h.textContent),
      ).toEqual([
        'Practice',
        'Group',
        'Passing',
        'Failing',
        'Unknown',
        'Passing by tier',
      ]);
      // Most failed; then high before medium before low; then by label.
      expect(
        practiceRows().map(r => within(r).getByRole('rowheader').textContent),
      ).toEqual([
        'Network policymedium severity',
        'Liveness and readiness probeshigh severity',
        'Structured (JSON) loggingmedium severity',
        'A cache in front of the databaselow severity',
        'Health checkhigh severity',
      ]);
      const [network, , , cache, health] = practiceRows();
      expect(network).toHaveTextContent(
        'Network policymedium severitySecurity251Kubernetes 2/5Enterprise 0/3',
      );
      // Tiers in the model's order, whatever order the API gave them in.
      expect(cache).toHaveTextContent('Managed Cloud 0/3Kubernetes 0/2');
      expect(
        within(cache).getByTitle(
          'Managed Cloud: 0 of 3 follow it, 1 do not, 2 unknown',
        ),
      ).toHaveTextContent('Managed Cloud 0/3');
      // Nothing to list for a practice no service fails.
      expect(within(health).queryByRole('button')).toBeNull();
      expect(health).toHaveTextContent(
        'Health checkhigh severityReliability400',
      );
    });

    it("filters the services by a practice when its failing count is pressed, keeping the practices' own counts", async () => {
      const api = await renderContent(withPractices());
      const show = screen.getByRole('button', {
        name: 'Show the services failing Liveness and readiness probes: 3',
      });
      expect(show).toHaveAttribute('aria-pressed', 'false');
      await user.click(show);
      await waitFor(() =>
        expect(lastCall(api)).toMatchObject({
          failingPractice: 'probes',
          limit: 20,
          offset: 0,
        }),
      );
      // The practices table comes from the scope without that filter, one row only.
      expect(api.getOverview).toHaveBeenCalledWith(
        expect.objectContaining({ failingPractice: undefined, limit: 1 }),
      );
      expect(
        await screen.findByRole('button', {
          name: 'Show the services failing Liveness and readiness probes: 3',
          pressed: true,
        }),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('Failing practice')).toHaveValue('probes');
      expect(practiceRows()).toHaveLength(PRACTICES.length);

      // Pressed again: the filter is cleared.
      await user.click(
        screen.getByRole('button', {
          name: 'Show the services failing Liveness and readiness probes: 3',
        }),
      );
      await waitFor(() =>
        expect(lastCall(api).failingPractice).toBeUndefined(),
      );
      expect(screen.getByLabelText('Failing practice')).toHaveValue('');
    });

    it('filters by a failing practice from the filter bar, with every practice by group', async () => {
      const api = await renderContent();
      const select = screen.getByLabelText('Failing practice');
      expect(
        within(select)
          .getAllByRole('group')
          .map(g => g.getAttribute('label')),
      ).toEqual(['Security', 'Reliability', 'Observability', 'Cost']);
      // Every practice, not only those the listed services have.
      expect(within(select).getAllByRole('option')).toHaveLength(1 + 22);
      await user.selectOptions(select, 'Pod Disruption Budget');
      await waitFor(() =>
        expect(lastCall(api)).toMatchObject({
          failingPractice: 'disruption-budget',
        }),
      );
      await user.selectOptions(select, 'Any');
      await waitFor(() =>
        expect(lastCall(api).failingPractice).toBeUndefined(),
      );
    });

    it('exports CSV with the failing-practice filter', async () => {
      const api = await renderContent();
      await user.selectOptions(
        screen.getByLabelText('Failing practice'),
        'Network policy',
      );
      await waitFor(() =>
        expect(lastCall(api)).toMatchObject({
          failingPractice: 'network-policy',
        }),
      );
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(() => {});
      Object.assign(URL, {
        createObjectURL: jest.fn(() => 'blob:csv'),
        revokeObjectURL: jest.fn(),
      });
      await user.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() =>
        expect(api.getOverviewCsv).toHaveBeenCalledWith(
          expect.objectContaining({ failingPractice: 'network-policy' }),
        ),
      );
      click.mockRestore();
    });

    it("shows each service's practices score and sorts by it on the server", async () => {
      const api = await renderContent();
      expect(tableRows()[2]).toHaveTextContent('Over-provisioned14%26%');
      await user.click(screen.getByRole('button', { name: 'Practices' }));
      await waitFor(() =>
        expect(lastCall(api)).toMatchObject({ sort: 'practicesScore' }),
      );
      await user.click(screen.getByRole('button', { name: 'Practices' }));
      await waitFor(() =>
        expect(lastCall(api)).toMatchObject({ sort: '-practicesScore' }),
      );
    });

    it('shows at most ten practices until "Show all" is pressed', async () => {
      const many = Array.from({ length: 14 }, (_, i) =>
        practice({
          id: 'probes',
          label: `Practice ${String(i).padStart(2, '0')}`,
          group: 'reliability',
          severity: 'medium',
          failed: 20 - i,
        }),
      ).map((p, i) => ({ ...p, id: `${p.id}-${i}` as PracticeOverview['id'] }));
      const api = mockScalingApi({
        getOverview: jest.fn(async (q?: OverviewQuery) => ({
          ...overviewResponse(q, 12, null, 4),
          practices: many,
        })),
      });
      await renderContent(api);
      expect(practiceRows()).toHaveLength(10);
      await user.click(
        screen.getByRole('button', { name: 'Show all 14 practices' }),
      );
      expect(practiceRows()).toHaveLength(14);
      expect(
        screen.getByRole('button', { name: 'Show the 10 most failed' }),
      ).toHaveAttribute('aria-expanded', 'true');
    });
  });
});
