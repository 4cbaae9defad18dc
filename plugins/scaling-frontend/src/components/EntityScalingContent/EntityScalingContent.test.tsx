import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { assess } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  DETAILED_ANNOTATIONS,
  HISTORY,
  MIGRATION_TEMPLATES,
  SLA_BREACH_METRICS,
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
  entityWith,
  mockScalingApi,
} from '../../__testUtils__/fixtures';
import {
  formDataOf,
  renderScaling,
  responseError,
  setupUser,
  exposed,
} from '../../__testUtils__/render';
import { CostComparison } from '../CostComparison';
import { FindingsList } from '../FindingsList';
import { KubernetesGatePanel } from '../KubernetesGatePanel';
import { ReadinessPanel } from '../ReadinessPanel';
import { SignalsTable } from '../SignalsTable';
import { TierLadder } from '../TierLadder';
import { WhatIfPanel } from '../WhatIfPanel';
import { EntityScalingContent } from './EntityScalingContent';

const user = setupUser();

// The tab is rendered whole for its states and once with every section; each section's details
// are tested on the section alone, in this file so that the modules load once.

const detailed = () =>
  assessmentFor(DETAILED_ANNOTATIONS, { metrics: SLA_BREACH_METRICS });

describe('EntityScalingContent', () => {
  it('assesses a Component without annotations: the repository and the org policy may know it', async () => {
    const api = mockScalingApi();
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith({ 'backstage.io/techdocs-ref': 'dir:.' }),
    });
    await screen.findByText('Under-provisioned');
    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/checkout',
    );
  });

  it('says in one sentence why a library is not assessed', async () => {
    const api = mockScalingApi({
      getAssessment: jest.fn(async () =>
        assess({
          entity: {
            entityRef: 'component:default/playback-sdk',
            name: 'playback-sdk',
            kind: 'Component',
            type: 'library',
          },
        }),
      ),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith({}, { name: 'playback-sdk' }),
    });
    expect(
      await screen.findByRole('heading', { name: 'Not a deployed service' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/A library runs on no infrastructure of its own/),
    ).toBeInTheDocument();
  });

  it('explains which annotations to add to another kind that has none, without calling the API', async () => {
    const api = mockScalingApi();
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(
        { 'backstage.io/techdocs-ref': 'dir:.' },
        { kind: 'API', name: 'orders-api' },
      ),
    });
    expect(
      screen.getByRole('heading', {
        name: 'Scaling Advisor is not configured for this entity',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/scaling\.io\/active-users/)).toBeInTheDocument();
    expect(screen.getByText(/scaling\.io\/uptime-sla/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    expect(api.getAssessment).not.toHaveBeenCalled();
    expect(api.getHistory).not.toHaveBeenCalled();
  });

  it('shows progress while loading', async () => {
    const api = mockScalingApi({
      getAssessment: jest.fn(() => new Promise(() => {})),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(UNDER_PROVISIONED_ANNOTATIONS),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it("shows the backend's message when the request fails", async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/checkout',
    );
    const api = mockScalingApi({
      getAssessment: jest.fn().mockRejectedValue(error),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(UNDER_PROVISIONED_ANNOTATIONS),
    });
    expect(
      await screen.findByText('No entity component:default/checkout'),
    ).toBeInTheDocument();
  });

  it('says what is missing when there is not enough data, with the warnings', async () => {
    const annotations = {
      'scaling.io/platform': 'vps',
      'scaling.io/active-users': 'lots',
    };
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessmentFor(annotations)),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(annotations),
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Not enough data to compare tiers',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Neither active users nor an uptime SLA is known/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/expected a whole number of users, got 'lots'/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Tier ladder/)).not.toBeInTheDocument();
  });

  it('shows every section of the assessment, with a launch link that carries the formData', async () => {
    const assessment = detailed();
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessment),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(DETAILED_ANNOTATIONS),
    });

    const ladder = await screen.findByRole('list', {
      name: 'Tier ladder: Under-provisioned',
    });
    expect(within(ladder).getByText('Current')).toBeInTheDocument();
    for (const title of [
      'Tier',
      'Migration',
      'Readiness',
      'Kubernetes gate',
      'Findings',
      'Signals',
      'What if',
    ]) {
      expect(
        screen.getByText(title, { selector: '.MuiCardHeader-title' }),
      ).toBeInTheDocument();
    }
    expect(screen.getByText(/^Next step: Kubernetes/)).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: `Readiness for Kubernetes: ${assessment.readiness.score}%`,
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('4 of 7, 3 required').length).toBeGreaterThan(0);

    const launch = screen.getByRole('link', {
      name: 'Launch migration: Migrate to Kubernetes',
    });
    const href = launch.getAttribute('href')!;
    expect(href.split('?')[0]).toBe(
      '/create/templates/default/scaling-kubernetes',
    );
    expect(formDataOf(href)).toEqual(assessment.templates[0].formData);
    expect(formDataOf(href)).toMatchObject({ name: 'checkout' });
    // Every button, link and chart says what it is.
    for (const element of exposed([
      ...screen.getAllByRole('button'),
      ...screen.getAllByRole('link'),
      ...screen.getAllByRole('img'),
      ...screen.getAllByRole('checkbox'),
      ...screen.getAllByRole('spinbutton'),
    ])) {
      expect(element).toHaveAccessibleName();
    }

    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/checkout',
    );
    expect(api.getHistory).toHaveBeenCalledWith('component:default/checkout', {
      days: 90,
    });
    // No history yet (the backend answered 404): no chart.
    expect(
      screen.queryByText('Active users', { selector: '.MuiCardHeader-title' }),
    ).not.toBeInTheDocument();
  });

  it('offers "Add the missing annotations" next to the signals when values are missing, with the form pre-filled', async () => {
    const entityRef = 'component:default/checkout';
    const catalogInfoUrl =
      'https://github.com/acme/checkout/blob/main/catalog-info.yaml';
    const annotations = { 'scaling.io/active-users': '4000' };
    const assessment = assess({
      annotations,
      entity: {
        entityRef,
        name: 'checkout',
        owner: 'group:default/payments',
        system: null,
        repository: {
          scm: 'github',
          repoUrl: 'github.com?owner=acme&repo=checkout',
          gitUrl: 'https://github.com/acme/checkout.git',
          catalogInfoUrl,
          catalogInfoPath: 'catalog-info.yaml',
        },
      },
      templates: [
        ...MIGRATION_TEMPLATES,
        {
          entityRef: 'template:default/scaling-annotate',
          title: 'Add the missing Scaling Advisor annotations',
          purpose: 'annotate',
          targetTier: null,
          platform: null,
        },
      ],
      assessedAt: '2026-11-28T10:00:00.000Z',
    });
    await renderScaling(<EntityScalingContent />, {
      api: mockScalingApi({ getAssessment: jest.fn(async () => assessment) }),
      entity: entityWith(annotations),
    });
    const button = await screen.findByRole('link', {
      name: 'Add the missing annotations: Add the missing Scaling Advisor annotations',
    });
    const href = button.getAttribute('href')!;
    expect(href.split('?')[0]).toBe(
      '/create/templates/default/scaling-annotate',
    );
    expect(formDataOf(href)).toEqual({
      component: entityRef,
      scm: 'github',
      repoUrl: 'github.com?owner=acme&repo=checkout',
      gitUrl: 'https://github.com/acme/checkout.git',
      catalogInfoUrl,
      catalogInfoPath: 'catalog-info.yaml',
    });
    // It sits on the Signals card, and is not a migration.
    const signals = screen
      .getByText('Signals', { selector: '.MuiCardHeader-title' })
      .closest('.MuiCard-root') as HTMLElement;
    expect(
      within(signals).getByRole('link', { name: /^Add the missing/ }),
    ).toBe(button);
    expect(
      screen.queryByRole('link', {
        name: /^Launch migration: Add the missing/,
      }),
    ).not.toBeInTheDocument();
  });

  it('shows no annotate button when the backend offers none', async () => {
    const assessment = detailed();
    await renderScaling(<EntityScalingContent />, {
      api: mockScalingApi({ getAssessment: jest.fn(async () => assessment) }),
      entity: entityWith(DETAILED_ANNOTATIONS),
    });
    await screen.findByText('Signals', { selector: '.MuiCardHeader-title' });
    expect(
      screen.queryByRole('link', { name: /^Add the missing annotations/ }),
    ).not.toBeInTheDocument();
  });

  it('draws the active-users history with thresholds and forecast when there is history', async () => {
    // jsdom lays nothing out; give the chart's container a size so that it draws.
    const size = jest
      .spyOn(Element.prototype, 'getBoundingClientRect')
      .mockImplementation(function rect(this: Element) {
        const sized = this.classList.contains('recharts-responsive-container');
        return DOMRect.fromRect(sized ? { width: 800, height: 300 } : {});
      });
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => detailed()),
      getHistory: jest.fn(async () => HISTORY),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(DETAILED_ANNOTATIONS),
    });
    const chart = await screen.findByRole('img', {
      name: /^Active users over 4 snapshots/,
    });
    expect(chart).toHaveAccessibleName(
      'Active users over 4 snapshots, from 4,000 to 8,500; forecast +50 users/day, reaching Kubernetes (10,001 users) on 2027-01-05.',
    );
    expect(within(chart).getByText('Kubernetes (10,001)')).toBeInTheDocument();
    expect(
      within(chart).getByText('Managed Cloud (1,000)'),
    ).toBeInTheDocument();
    expect(within(chart).queryByText(/Enterprise/)).not.toBeInTheDocument();
    expect(within(chart).getByText('Active users')).toBeInTheDocument();
    expect(within(chart).getByText('Forecast')).toBeInTheDocument();
    size.mockRestore();
  });

  it('draws the user thresholds the backend reports when app-config overrides them', async () => {
    const size = jest
      .spyOn(Element.prototype, 'getBoundingClientRect')
      .mockImplementation(function rect(this: Element) {
        const sized = this.classList.contains('recharts-responsive-container');
        return DOMRect.fromRect(sized ? { width: 800, height: 300 } : {});
      });
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => detailed()),
      getHistory: jest.fn(async () => ({
        ...HISTORY,
        forecast: { ...HISTORY.forecast!, threshold: 20000 },
        userThresholds: {
          'managed-cloud': 2000,
          kubernetes: 20000,
          enterprise: 100000,
        },
      })),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(DETAILED_ANNOTATIONS),
    });
    const chart = await screen.findByRole('img', {
      name: /^Active users over 4 snapshots/,
    });
    expect(
      within(chart).getByText('Managed Cloud (2,000)'),
    ).toBeInTheDocument();
    expect(within(chart).getByText('Kubernetes (20,000)')).toBeInTheDocument();
    expect(within(chart).queryByText(/\(1,000\)/)).not.toBeInTheDocument();
    size.mockRestore();
  });

  it("sends the what-if form's values from the tab and says how the recommendation changes", async () => {
    const annotations = {
      ...UNDER_PROVISIONED_ANNOTATIONS,
      'backstage.io/kubernetes-id': 'checkout',
    };
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => assessmentFor(annotations)),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith(annotations),
    });
    const form = await screen.findByRole('form', {
      name: 'What-if simulation',
    });

    const users = within(form).getByLabelText('Active users');
    expect(users).toHaveValue(25000);
    expect(within(form).getByLabelText('Uptime SLA (%)')).toHaveValue(99.9);
    expect(
      within(form).getByRole('checkbox', {
        name: 'Team has Kubernetes expertise',
      }),
    ).not.toBeChecked();
    expect(
      within(form).getByRole('combobox', { name: 'Deployment strategy' }),
    ).toHaveValue('canary');
    await user.clear(users);
    await user.paste('12000');
    await user.click(
      within(form).getByRole('checkbox', { name: 'Multi-region required' }),
    );
    await user.selectOptions(
      within(form).getByLabelText('Deployment strategy'),
      'Rolling',
    );
    await user.click(within(form).getByRole('button', { name: 'Simulate' }));

    expect(api.simulate).toHaveBeenCalledTimes(1);
    expect(api.simulate.mock.calls[0][0]).toEqual({
      annotations: {
        ...annotations,
        'scaling.io/active-users': '12000',
        'scaling.io/multi-region-required': 'false',
        'scaling.io/deployment-strategy': 'rolling',
        'scaling.io/service-mesh': 'false',
      },
      context: { databases: [] },
    });
    expect(
      await screen.findByText(
        'At 12,000 users with a 99.9% SLA you would need Kubernetes, and you meet 2 of 7 criteria (3 required), so the recommendation would be Managed Cloud.',
      ),
    ).toBeInTheDocument();
  });
});

describe('sections of the tab', () => {
  const assessment = detailed();

  it('TierLadder lists the tiers highest first, marking current and recommended', async () => {
    await renderInTestApp(
      <TierLadder
        currentTier="managed-cloud"
        recommendedTier="kubernetes"
        status="under-provisioned"
      />,
    );
    const rungs = within(
      screen.getByRole('list', { name: 'Tier ladder: Under-provisioned' }),
    ).getAllByRole('listitem');
    expect(rungs.map(r => r.querySelector('h6')?.textContent)).toEqual([
      'Full Enterprise Stack (K8s + multi-region + CDN)',
      'Kubernetes (EKS, AKS, GKE)',
      'Managed Cloud (ECS Fargate, Azure Container Instances, Cloud Run)',
      'Single VPS + Docker Compose',
    ]);
    expect(rungs[1]).toHaveTextContent('Recommended');
    expect(rungs[2]).toHaveTextContent('Current');
    expect(rungs[0]).not.toHaveTextContent(/Current|Recommended/);
    expect(rungs[3]).toHaveTextContent(
      '< 1,000 users · SLA < 99% · $50–200/month · ops 1–2 h/week',
    );
  });

  it('TierLadder marks one rung as both when aligned, and none when the tier is unknown', async () => {
    await renderInTestApp(
      <>
        <TierLadder
          currentTier="kubernetes"
          recommendedTier="kubernetes"
          status="aligned"
        />
        <TierLadder
          currentTier={null}
          recommendedTier={null}
          status="insufficient-data"
        />
      </>,
    );
    const aligned = within(
      screen.getByRole('list', { name: 'Tier ladder: Aligned' }),
    ).getAllByRole('listitem');
    expect(aligned[1]).toHaveTextContent('CurrentRecommended');
    const unknown = screen.getByRole('list', {
      name: 'Tier ladder: Insufficient data',
    });
    expect(unknown).not.toHaveTextContent(/Current|Recommended/);
  });

  it('SignalsTable shows value, source and raw annotation, and each warning next to its annotation with the fix', async () => {
    await renderInTestApp(
      <SignalsTable
        signals={assessment.signals}
        warnings={assessment.warnings}
      />,
    );
    const table = screen.getByRole('table', { name: 'Signals' });
    const row = (label: string) =>
      within(table).getByText(label).closest('tr')!;

    expect(row('Active users')).toHaveTextContent(
      'Active users25,000annotationscaling.io/active-users: "25000"',
    );
    expect(row('Measured uptime')).toHaveTextContent(
      'Measured uptime98.5%metric:prometheusmetrics only',
    );
    expect(row('Monthly budget')).toHaveTextContent('$4,000/month');
    expect(row('Multi-region required')).toHaveTextContent('Yes');
    expect(row('Service mesh')).toHaveTextContent(
      'Service meshUnknown—scaling.io/service-mesh',
    );

    const regions = row('Regions');
    expect(regions).toHaveTextContent(
      'RegionsUnknownannotationscaling.io/regions: "two"',
    );
    expect(
      within(regions).getByText(
        /expected a whole number of regions, got 'two'/,
      ),
    ).toBeInTheDocument();
    expect(
      within(regions).getByText(
        'Set scaling.io/regions to a whole number of regions.',
      ),
    ).toBeInTheDocument();

    // A misspelt key belongs to no signal: it is listed under the table, with the rename.
    expect(within(table).queryByText(/servce-mesh/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Rename scaling.io/servce-mesh to scaling.io/service-mesh.',
      ),
    ).toBeInTheDocument();
  });

  it('SignalsTable says where a supplied value came from: the repository file, the policy rule', async () => {
    const supplied = assess({
      evidence: [
        {
          values: {
            platform: {
              value: 'kubernetes',
              source: 'repository',
              evidence: 'charts/petstore/Chart.yaml: a Helm chart',
            },
          },
        },
      ],
      defaults: {
        uptimeSla: {
          value: 99.9,
          source: 'config',
          evidence: 'scaling.defaults[0]',
        },
      },
    });
    await renderInTestApp(
      <SignalsTable signals={supplied.signals} warnings={supplied.warnings} />,
    );
    const table = screen.getByRole('table', { name: 'Signals' });
    const row = (label: string) =>
      within(table).getByText(label).closest('tr')!;
    expect(row('Platform')).toHaveTextContent(
      'from the repository: charts/petstore/Chart.yaml: a Helm chart',
    );
    expect(row('Uptime SLA')).toHaveTextContent(
      '99.9%from the org policy: scaling.defaults[0]',
    );
  });

  it('KubernetesGatePanel shows n of 7 with each criterion met or not and its evidence', async () => {
    await renderInTestApp(
      <KubernetesGatePanel criteria={assessment.kubernetesCriteria} />,
    );
    expect(screen.getByText('4 of 7, 3 required')).toBeInTheDocument();
    expect(screen.getByText(/Enough criteria hold/)).toBeInTheDocument();
    const items = within(
      screen.getByRole('list', { name: 'Kubernetes criteria' }),
    ).getAllByRole('listitem');
    expect(items).toHaveLength(7);
    expect(
      within(items[0]).getByRole('img', { name: 'Met' }),
    ).toBeInTheDocument();
    expect(items[0]).toHaveTextContent(
      '>10k active users25,000 active users; more than 10,000 needed (annotation)',
    );
    expect(
      within(items[2]).getByRole('img', { name: 'Not met' }),
    ).toBeInTheDocument();
    expect(items[2]).toHaveTextContent(
      'unknown: no service count (scaling.io/service-count)',
    );
  });

  it('ReadinessPanel shows the gauge and the checklist with blockers first and how to fix each failed item', async () => {
    await renderInTestApp(<ReadinessPanel readiness={assessment.readiness} />);
    expect(
      screen.getByRole('img', {
        name: `Readiness for Kubernetes: ${assessment.readiness.score}%`,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('1 blocker')).toBeInTheDocument();
    const checklist = screen.getByRole('list', { name: 'Readiness checklist' });
    const items = within(checklist).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Kubernetes expertise in the team');
    expect(
      within(items[0]).getByRole('img', { name: 'Blocker' }),
    ).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('requires a dedicated DevOps engineer');
    expect(items[0]).toHaveTextContent(
      'How to: Kubernetes adds significant complexity',
    );

    const helm = within(checklist).getByText('Helm chart').closest('li')!;
    expect(
      within(helm).getByRole('img', { name: 'Failed' }),
    ).toBeInTheDocument();
    expect(helm).toHaveTextContent('How to: Create a Helm chart');
    const containerized = within(checklist)
      .getByText('Containerized')
      .closest('li')!;
    expect(
      within(containerized).getByRole('img', { name: 'Passed' }),
    ).toBeInTheDocument();
    expect(containerized).not.toHaveTextContent('How to');
    expect(
      within(items[items.length - 1]).getByRole('img', {
        name: 'Not applicable',
      }),
    ).toBeInTheDocument();
  });

  it("shows an over-provisioned service's repository evidence, with files, lines and what is overridden", async () => {
    const overProvisioned = assess({
      annotations: {
        'scaling.io/active-users': '300',
        'scaling.io/uptime-sla': '99',
        // The annotation wins over the repository's port.
        'scaling.io/port': '9000',
      },
      entity: {
        entityRef: 'component:default/petstore',
        name: 'petstore',
        owner: 'group:default/team-c',
      },
      evidence: [
        {
          values: {
            platform: {
              value: 'kubernetes',
              source: 'repository',
              evidence: 'k8s/deployment.yaml: a Kubernetes Deployment',
              file: 'k8s/deployment.yaml',
              line: 3,
            },
            autoscaling: {
              value: true,
              source: 'repository',
              evidence: 'k8s/hpa.yaml: a HorizontalPodAutoscaler',
              file: 'k8s/hpa.yaml',
            },
            port: {
              value: 8080,
              source: 'repository',
              evidence: 'k8s/deployment.yaml: a Deployment containerPort',
              file: 'k8s/deployment.yaml',
              line: 3,
            },
          },
          thirdParty: ['postgres'],
        },
      ],
    });
    expect(overProvisioned.status).toBe('over-provisioned');
    const api = mockScalingApi({
      getAssessment: jest.fn(async () => overProvisioned),
    });
    await renderScaling(<EntityScalingContent />, {
      api,
      entity: entityWith({ 'scaling.io/active-users': '300' }),
    });
    const table = await screen.findByRole('table', {
      name: 'Repository evidence',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'Platformkubernetesk8s/deployment.yaml:3a Kubernetes Deployment (the repository)Yes',
      'AutoscalingYesk8s/hpa.yamla HorizontalPodAutoscaler (the repository)Yes',
      'Port8080k8s/deployment.yaml:3a Deployment containerPort (the repository)No: another source sets it',
    ]);
    expect(
      screen.getByText('Beside it, not counted as its evidence: postgres'),
    ).toBeInTheDocument();
  });

  it('ReadinessPanel says there is nothing to move to when over-provisioned', async () => {
    const over = assessmentFor({
      'scaling.io/platform': 'eks',
      'scaling.io/active-users': '300',
    });
    await renderInTestApp(<ReadinessPanel readiness={over.readiness} />);
    expect(screen.getByText(/There is no tier to move to/)).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('FindingsList orders findings by severity, most severe first', async () => {
    await renderInTestApp(
      <FindingsList
        findings={[
          {
            id: 'premature-practice',
            severity: 'info',
            message: 'IaC can wait.',
          },
          {
            id: 'budget-constrained',
            severity: 'warning',
            message: 'Budget caps it.',
          },
          {
            id: 'sla-breach',
            severity: 'critical',
            message: 'Uptime below SLA.',
          },
        ]}
      />,
    );
    const items = within(
      screen.getByRole('list', { name: 'Findings' }),
    ).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'Critical: sla-breachUptime below SLA.',
      'Warning: budget-constrainedBudget caps it.',
      'Info: premature-practiceIaC can wait.',
    ]);
  });

  it('FindingsList says when there are none', async () => {
    await renderInTestApp(<FindingsList findings={[]} />);
    expect(screen.getByText('No findings.')).toBeInTheDocument();
  });

  it('CostComparison puts the current and recommended ranges side by side', async () => {
    await renderInTestApp(<CostComparison cost={assessment.cost} />);
    const table = screen.getByRole('table', { name: 'Cost and ops load' });
    const row = (label: string) =>
      within(table).getByText(label).closest('tr')!;
    expect(row('Cost per month')).toHaveTextContent(
      'Cost per month$200–1,000/month$1,000–5,000/month',
    );
    expect(row('Ops load')).toHaveTextContent('Ops load< 1 h/week4–8 h/week');
  });

  it('CostComparison shows an unknown current tier', async () => {
    await renderInTestApp(
      <CostComparison
        cost={{ current: null, recommended: assessment.cost.recommended }}
      />,
    );
    expect(screen.getByText('Cost per month').closest('tr')).toHaveTextContent(
      'Cost per monthUnknown$1,000–5,000/month',
    );
  });

  it('WhatIfPanel shows the gate holding the recommendation back, errors, and Reset', async () => {
    const error = await responseError(
      400,
      'InputError',
      'annotations must map strings to strings',
    );
    const api = mockScalingApi();
    api.simulate.mockRejectedValueOnce(error);
    const base = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
    await renderScaling(<WhatIfPanel assessment={base} />, {
      api,
      entity: entityWith(UNDER_PROVISIONED_ANNOTATIONS),
    });

    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(
      await screen.findByText('annotations must map strings to strings'),
    ).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Active users'));
    await user.paste('12000');
    await user.click(
      screen.getByRole('checkbox', { name: 'Multi-region required' }),
    );
    await user.selectOptions(
      screen.getByLabelText('Deployment strategy'),
      'Rolling',
    );
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    const comparison = await screen.findByRole('table', {
      name: 'What-if comparison',
    });
    expect(
      within(comparison).getByText('Recommended tier').closest('tr'),
    ).toHaveTextContent('Recommended tierKubernetesManaged Cloud');
    expect(
      within(comparison).getByText('Kubernetes criteria').closest('tr'),
    ).toHaveTextContent(
      'Kubernetes criteria4 of 7, 3 required2 of 7, 3 required',
    );
    expect(
      screen.getByText(/Critical|Warning: kubernetes-gate-not-met/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByLabelText('Active users')).toHaveValue(25000);
    expect(
      screen.queryByRole('table', { name: 'What-if comparison' }),
    ).not.toBeInTheDocument();
  });
});
