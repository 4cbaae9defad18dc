import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  Assessment,
  TemplateOffer,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
  entityWith,
  mockScalingApi,
} from '../../__testUtils__/fixtures';
import { exposed, formDataOf, renderScaling } from '../../__testUtils__/render';
import { EntityScalingContent } from '../EntityScalingContent';
import { PracticesPanel } from './PracticesPanel';

/** On EKS with a load that asks for less: over-provisioned, its practices partly declared. */
const OVER_PROVISIONED_ON_KUBERNETES: Record<string, string> = {
  'scaling.io/platform': 'eks',
  'scaling.io/active-users': '500',
  'scaling.io/uptime-sla': '99.5',
  'scaling.io/pod-security': 'baseline',
  'scaling.io/network-policy': 'true',
  'scaling.io/rbac': 'true',
  'scaling.io/probes': 'false',
};

/** On EKS with the load, the SLA and the team Kubernetes asks for. */
const ALIGNED_ON_KUBERNETES: Record<string, string> = {
  'scaling.io/platform': 'eks',
  'scaling.io/active-users': '20000',
  'scaling.io/uptime-sla': '99.9',
  'scaling.io/k8s-expertise': 'true',
  'scaling.io/probes': 'true',
  'scaling.io/network-policy': 'false',
};

/** A VPS and nothing else: no recommendation, but the tier is known. */
const INSUFFICIENT_ON_VPS: Record<string, string> = {
  'scaling.io/platform': 'vps',
  'scaling.io/health-endpoint': '/up',
};

const PRACTICES_OFFER: TemplateOffer = {
  entityRef: 'template:default/scaling-practices',
  title: 'Fix the practices in a pull request',
  purpose: 'practices',
  targetTier: null,
  platform: null,
  formData: {
    component: 'component:default/checkout',
    practices: ['probes', 'pod-security'],
    manifests: [
      {
        path: 'k8s/deployment.yaml',
        url: 'https://github.com/acme/checkout/blob/main/k8s/deployment.yaml',
      },
    ],
  },
};

/** The texts of the list items directly under a list (not those of nested lists). */
function itemLabels(list: HTMLElement): string[] {
  return within(list)
    .getAllByRole('listitem')
    .filter(li => li.parentElement === list)
    .map(li => li.querySelector('.MuiListItemText-primary')!.textContent!);
}

/** The checklist's list for one group, named by its heading. */
const groupList = (name: string) => screen.getByRole('list', { name });

async function renderTab(assessment: Assessment, annotations = {}) {
  await renderScaling(<EntityScalingContent />, {
    api: mockScalingApi({ getAssessment: jest.fn(async () => assessment) }),
    entity: entityWith(annotations),
  });
}

function practicesCard(title: RegExp | string) {
  return screen
    .getByText(title, { selector: '.MuiCardHeader-title' })
    .closest('.MuiCard-root') as HTMLElement;
}

describe('PracticesPanel', () => {
  it('shows the score as a gauge, the counts, and the checklist by group, failed first, then unknown, then passed', async () => {
    const { practices } = assessmentFor(OVER_PROVISIONED_ON_KUBERNETES);
    expect(practices).toMatchObject({
      tier: 'kubernetes',
      passed: 2,
      failed: 2,
    });
    await renderInTestApp(<PracticesPanel practices={practices!} />);

    expect(
      screen.getByRole('img', {
        name: `Practices on Kubernetes: ${practices!.score}%`,
      }),
    ).toBeInTheDocument();
    const counts = screen.getByRole('group', { name: 'Practice counts' });
    expect(counts).toHaveTextContent(
      `2 passed2 failed${practices!.unknown} unknown`,
    );

    const checklist = screen.getByRole('list', { name: 'Practices checklist' });
    expect(
      within(checklist)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(['Security', 'Reliability', 'Observability', 'Cost']);

    // Failed, then unknown, then passed; the most severe first within each.
    expect(itemLabels(groupList('Security'))).toEqual([
      'Pod Security Standard: restricted · high severity',
      'Secrets from a secrets manager · high severity',
      'RBAC: its own service account',
      'Network policy',
    ]);
    expect(itemLabels(groupList('Reliability'))).toEqual([
      'Liveness and readiness probes · high severity',
      'Resource requests and limits · high severity',
      'Pod Disruption Budget · medium severity',
      'Pods spread across nodes · medium severity',
      'Horizontal autoscaling · medium severity',
    ]);

    // Each item says what shows it; failed and unknown ones say how to fix them.
    const [podSecurity, secrets, rbac] = within(groupList('Security'))
      .getAllByRole('listitem')
      .filter(li => li.parentElement === groupList('Security'));
    expect(within(podSecurity).getByRole('img', { name: 'Failed' })).toBe(
      podSecurity.querySelector('svg'),
    );
    expect(podSecurity).toHaveTextContent(
      'the pods meet the baseline Pod Security Standard (scaling.io/pod-security: baseline)',
    );
    expect(podSecurity).toHaveTextContent(
      'How to: Run the pods under the restricted Pod Security Standard',
    );
    expect(within(secrets).getByRole('img', { name: 'Unknown' })).toBeTruthy();
    expect(secrets).toHaveTextContent(
      'unknown: nothing shows it; set scaling.io/secret-management to tell',
    );
    expect(secrets).toHaveTextContent('How to: Keep secrets in a secrets');
    expect(within(rbac).getByRole('img', { name: 'Passed' })).toBeTruthy();
    expect(rbac).toHaveTextContent(
      'runs under a service account of its own (scaling.io/rbac: true)',
    );
    expect(rbac).not.toHaveTextContent('How to');

    // One icon per item, named by its outcome.
    const icons = exposed(within(checklist).getAllByRole('img'));
    const named = (name: string) =>
      icons.filter(i => i.textContent === name).length;
    expect(icons).toHaveLength(practices!.items.length);
    expect(named('Passed')).toBe(practices!.passed);
    expect(named('Failed')).toBe(practices!.failed);
    expect(named('Unknown')).toBe(practices!.unknown);
  });

  it('lists only the groups the tier has: a single VPS has reliability practices alone', async () => {
    const { practices } = assessmentFor(INSUFFICIENT_ON_VPS);
    await renderInTestApp(<PracticesPanel practices={practices!} />);
    const checklist = screen.getByRole('list', { name: 'Practices checklist' });
    expect(
      within(checklist)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(['Reliability']);
    // Backups unknown and uptime unknown, the health endpoint declared.
    expect(itemLabels(groupList('Reliability'))).toEqual([
      'Database backups · high severity',
      'Uptime of 95% or more · medium severity',
      'Health check',
    ]);
    expect(
      screen.getByRole('img', { name: 'Practices on Single VPS: 33%' }),
    ).toBeInTheDocument();
  });

  it('says so when no practice applies', async () => {
    await renderInTestApp(
      <PracticesPanel
        practices={{
          tier: 'managed-cloud',
          score: 100,
          passed: 0,
          failed: 0,
          unknown: 0,
          items: [],
        }}
      />,
    );
    expect(
      screen.getByText(/No practice of the scaling guide applies/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Practices checklist' }),
    ).not.toBeInTheDocument();
  });
});

describe('the "Running well" card on the entity tab', () => {
  it.each([
    [
      'over-provisioned',
      OVER_PROVISIONED_ON_KUBERNETES,
      'Kubernetes',
      ['Pod Security Standard: restricted', 'Liveness and readiness probes'],
    ],
    ['aligned', ALIGNED_ON_KUBERNETES, 'Kubernetes', ['Network policy']],
    ['under-provisioned', UNDER_PROVISIONED_ANNOTATIONS, 'Managed Cloud', []],
    ['insufficient-data', INSUFFICIENT_ON_VPS, 'Single VPS', []],
  ])(
    'shows the practices of the current tier of an %s service',
    async (status, annotations, tier, failed) => {
      const assessment = assessmentFor(annotations);
      expect(assessment.status).toBe(status);
      await renderTab(assessment, annotations);
      const card = practicesCard(`Running well on ${tier}`);
      expect(
        within(card).getByRole('img', {
          name: `Practices on ${tier}: ${assessment.practices!.score}%`,
        }),
      ).toBeInTheDocument();
      // The failed items, each marked so, with their labels.
      const failedLabels = within(card)
        .getAllByRole('listitem')
        // The practices, not the groups that hold them.
        .filter(li => li.classList.contains('MuiListItem-root'))
        .filter(li => within(li).queryByRole('img', { name: 'Failed' }))
        .map(li => li.querySelector('.MuiListItemText-primary'))
        .filter(Boolean)
        .map(primary => primary!.textContent!.replace(/ · .*$/, ''));
      expect(failedLabels).toEqual(failed);
      // Nothing to fix in a pull request without the backend's offer.
      expect(
        within(card).queryByRole('link', { name: /^Fix in a pull request/ }),
      ).not.toBeInTheDocument();
    },
  );

  it('is left out when the current tier is unknown', async () => {
    const annotations = { 'scaling.io/active-users': '500' };
    const assessment = assessmentFor(annotations);
    expect(assessment.practices).toBeNull();
    await renderTab(assessment, annotations);
    await screen.findByText('Signals', { selector: '.MuiCardHeader-title' });
    expect(screen.queryByText(/^Running well on/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Practices checklist' }),
    ).not.toBeInTheDocument();
  });

  it('offers "Fix in a pull request" when the backend offers the practices template, with its form filled in', async () => {
    const assessment = assessmentFor(OVER_PROVISIONED_ON_KUBERNETES);
    assessment.templates = [...assessment.templates, PRACTICES_OFFER];
    await renderTab(assessment, OVER_PROVISIONED_ON_KUBERNETES);
    const card = practicesCard('Running well on Kubernetes');
    const fix = within(card).getByRole('link', {
      name: 'Fix in a pull request: Fix the practices in a pull request',
    });
    const href = fix.getAttribute('href')!;
    expect(href.split('?')[0]).toBe(
      '/create/templates/default/scaling-practices',
    );
    expect(formDataOf(href)).toEqual(PRACTICES_OFFER.formData);
    // Not a migration: neither the Migration card nor another card launches it.
    expect(
      screen.queryByRole('link', { name: /^Launch migration: Fix/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: /^Fix in a pull request/ }),
    ).toHaveLength(1);
  });
});
