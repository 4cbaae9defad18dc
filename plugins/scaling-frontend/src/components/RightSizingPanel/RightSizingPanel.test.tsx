import React from 'react';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  Assessment,
  LiveWorkload,
  RightSizing,
  assessRightSizing,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  UNDER_PROVISIONED_ANNOTATIONS,
  assessmentFor,
  entityWith,
  mockScalingApi,
} from '../../__testUtils__/fixtures';
import { renderScaling } from '../../__testUtils__/render';
import { EntityScalingContent } from '../EntityScalingContent';
import { RightSizingPanel } from './RightSizingPanel';
import { formatCores, formatCpu, formatMemory } from './format';

const MIB = 1024 * 1024;

/** Four replicas requesting 1 CPU and 2Gi, the busiest at 61m and 236Mi: over-requested. */
const CATALOG_API: LiveWorkload = {
  cluster: 'production',
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'catalog-api',
  replicas: { desired: 4, ready: 4 },
  autoscaler: null,
  containers: [
    {
      name: 'catalog-api',
      cpuRequestCores: 1,
      memoryRequestBytes: 2048 * MIB,
      cpuUsageCores: 0.061,
      memoryUsageBytes: 236 * MIB,
      restarts: 0,
    },
  ],
};

/**
 * Within its autoscaler's range: a right-sized container, a log shipper that requests
 * nothing, and an exporter metrics-server has not measured (no recommendation).
 */
const NOTIFICATIONS: LiveWorkload = {
  cluster: 'production',
  kind: 'Deployment',
  namespace: 'internal-tools',
  name: 'notifications',
  replicas: { desired: 3, ready: 3 },
  autoscaler: { min: 2, max: 6, current: 3 },
  containers: [
    {
      name: 'notifications',
      cpuRequestCores: 0.2,
      memoryRequestBytes: 256 * MIB,
      cpuUsageCores: 0.17,
      memoryUsageBytes: 210 * MIB,
      restarts: 0,
    },
    {
      name: 'log-shipper',
      cpuRequestCores: null,
      memoryRequestBytes: null,
      cpuUsageCores: 0.005,
      memoryUsageBytes: 19 * MIB,
      restarts: 0,
    },
    {
      name: 'metrics-exporter',
      cpuRequestCores: 0.05,
      memoryRequestBytes: 64 * MIB,
      cpuUsageCores: null,
      memoryUsageBytes: null,
      restarts: 0,
    },
  ],
};

/** Its autoscaler at its maximum, the pods above their CPU request. */
const CHECKOUT: LiveWorkload = {
  cluster: 'production',
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'checkout',
  replicas: { desired: 12, ready: 12 },
  autoscaler: { min: 4, max: 12, current: 12 },
  containers: [
    {
      name: 'checkout',
      cpuRequestCores: 0.5,
      memoryRequestBytes: 768 * MIB,
      cpuUsageCores: 0.948,
      memoryUsageBytes: 681 * MIB,
      restarts: 0,
    },
  ],
};

const sized = (...workloads: LiveWorkload[]) => assessRightSizing(workloads)!;

/** The table's body rows, cell by cell, as the user reads them. */
function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'Right-sizing' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent!.replace(/\s+/g, ' ').trim()),
    );
}

describe('format', () => {
  it('writes CPU in millicores below a core and in cores from one up', () => {
    expect(formatCpu(0.061)).toBe('61m');
    expect(formatCpu(0.08)).toBe('80m');
    expect(formatCpu(0.9479)).toBe('948m');
    expect(formatCpu(1)).toBe('1 core');
    expect(formatCpu(1.5)).toBe('1.5 cores');
    expect(formatCpu(1.235)).toBe('1.24 cores');
    expect(formatCpu(null)).toBe('—');
    expect(formatCores(3.68)).toBe('3.68 cores');
    expect(formatCores(0.24)).toBe('0.24 cores');
  });

  it('writes memory in MiB below a GiB and in GiB from one up', () => {
    expect(formatMemory(236 * MIB)).toBe('236 MiB');
    expect(formatMemory(220066816)).toBe('210 MiB');
    expect(formatMemory(2048 * MIB)).toBe('2 GiB');
    expect(formatMemory((2048 - 264) * MIB * 4)).toBe('6.97 GiB');
    expect(formatMemory(undefined)).toBe('—');
  });
});

describe('RightSizingPanel', () => {
  it('lists each container with request → usage → recommended and its verdict, and what the recommendations free', async () => {
    const rightSizing = sized(CATALOG_API, NOTIFICATIONS);
    await renderInTestApp(<RightSizingPanel rightSizing={rightSizing} />);

    const table = screen.getByRole('table', { name: 'Right-sizing' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Workload',
      'Container',
      'CPU: request → usage → recommended',
      'Memory: request → usage → recommended',
      'Verdict',
    ]);
    expect(rows()).toEqual([
      [
        'production: Deployment storefront/catalog-api',
        'catalog-api',
        // Usage + 30%, rounded up to 10m and 1 MiB.
        '1 core → 61m → 80m',
        '2 GiB → 236 MiB → 307 MiB',
        'Over-requested',
      ],
      [
        'production: Deployment internal-tools/notifications',
        'notifications',
        '200m → 170m → 230m',
        '256 MiB → 210 MiB → 273 MiB',
        'Right-sized',
      ],
      [
        'production: Deployment internal-tools/notifications',
        'log-shipper',
        // Nothing requested; the recommendation's floor of 10m and 32 MiB.
        'none → 5m → 10m',
        'none → 19 MiB → 32 MiB',
        'No requests',
      ],
      [
        'production: Deployment internal-tools/notifications',
        'metrics-exporter',
        // Not measured: no recommendation.
        '50m → — → —',
        '64 MiB → — → —',
        'Right-sized',
      ],
    ]);

    // The first workload with an autoscaler, within its range.
    const autoscaler = screen.getByRole('group', { name: 'Autoscaler' });
    expect(autoscaler).toHaveTextContent(
      'Autoscaler: 2–6 replicas, 3 running.',
    );
    expect(autoscaler).not.toHaveTextContent('At its maximum');

    // (1 − 0.08) × 4 cores, (2048 − 307) MiB × 4.
    expect(rightSizing.saving).toEqual({
      cpuCores: 3.68,
      memoryBytes: 1741 * MIB * 4,
    });
    expect(
      screen.getByText(
        'Recommended requests free 3.68 cores and 6.8 GiB over the replicas.',
      ),
    ).toBeInTheDocument();
  });

  it('warns when the autoscaler is at its maximum: under-requested, whatever the requests say, and nothing to free', async () => {
    const rightSizing = sized(CHECKOUT);
    expect(rightSizing.autoscaler).toEqual({
      min: 4,
      max: 12,
      current: 12,
      atMax: true,
      workload: 'production: Deployment storefront/checkout',
    });
    await renderInTestApp(<RightSizingPanel rightSizing={rightSizing} />);
    expect(screen.getByRole('group', { name: 'Autoscaler' })).toHaveTextContent(
      'Autoscaler: 4–12 replicas, 12 running. At its maximum: no room left for more load.',
    );
    expect(rows()).toEqual([
      [
        'production: Deployment storefront/checkout',
        'checkout',
        '500m → 948m → 1.24 cores',
        '768 MiB → 681 MiB → 886 MiB',
        'Under-requested',
      ],
    ]);
    expect(
      screen.getByText(
        'No container is over-requested: the recommended requests free nothing.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when no autoscaler targets the workload', async () => {
    await renderInTestApp(
      <RightSizingPanel rightSizing={sized(CATALOG_API)} />,
    );
    expect(screen.getByRole('group', { name: 'Autoscaler' })).toHaveTextContent(
      'No autoscaler: the replicas are fixed.',
    );
  });

  it('shows a verdict it does not know by its id', async () => {
    const rightSizing = sized(CATALOG_API);
    const unknown = {
      ...rightSizing,
      containers: [
        {
          ...rightSizing.containers[0],
          verdict: 'over-limit' as RightSizing['containers'][0]['verdict'],
        },
      ],
    };
    await renderInTestApp(<RightSizingPanel rightSizing={unknown} />);
    expect(rows()[0][4]).toBe('over-limit');
  });
});

describe('the "Right-sizing" card on the entity tab', () => {
  async function renderTab(assessment: Assessment) {
    await renderScaling(<EntityScalingContent />, {
      api: mockScalingApi({ getAssessment: jest.fn(async () => assessment) }),
      entity: entityWith({}),
    });
    await screen.findByText('Signals', { selector: '.MuiCardHeader-title' });
  }

  const card = () =>
    screen
      .getByText('Right-sizing', { selector: '.MuiCardHeader-title' })
      .closest('.MuiCard-root') as HTMLElement;

  it.each([
    ['under-provisioned', UNDER_PROVISIONED_ANNOTATIONS],
    ['insufficient-data', { 'scaling.io/platform': 'kubernetes' }],
  ])(
    'shows what the cluster says whatever the status: %s',
    async (status, annotations) => {
      const assessment = {
        ...assessmentFor(annotations),
        rightSizing: sized(CATALOG_API),
      };
      expect(assessment.status).toBe(status);
      await renderTab(assessment);
      expect(card()).toHaveTextContent(
        "What the live cluster runs: each container's requests against its busiest pod's usage; recommended: the usage + 30% (at least 10m CPU and 32 MiB)",
      );
      expect(
        within(card()).getByRole('table', { name: 'Right-sizing' }),
      ).toBeInTheDocument();
      expect(card()).toHaveTextContent(
        'Recommended requests free 3.68 cores and 6.8 GiB over the replicas.',
      );
    },
  );

  it('goes with the Evidence card, which says the facts come from the live cluster', async () => {
    const assessment: Assessment = {
      ...assessmentFor(UNDER_PROVISIONED_ANNOTATIONS),
      rightSizing: sized(CATALOG_API),
      evidence: {
        items: [
          {
            key: 'platform',
            value: 'kubernetes',
            source: 'kubernetes',
            evidence: 'production: Deployment storefront/catalog-api',
            used: true,
          },
        ],
        thirdParty: [],
      },
    };
    await renderTab(assessment);
    const evidence = screen
      .getByText('Evidence', { selector: '.MuiCardHeader-title' })
      .closest('.MuiCard-root') as HTMLElement;
    expect(evidence).toHaveTextContent(
      'What the live cluster runs, each with the workload that shows it',
    );
    expect(evidence).toHaveTextContent(
      'production: Deployment storefront/catalog-api',
    );
  });

  it('is left out without cluster data', async () => {
    const assessment = assessmentFor(UNDER_PROVISIONED_ANNOTATIONS);
    expect(assessment.rightSizing).toBeNull();
    await renderTab(assessment);
    expect(
      screen.queryByText('Right-sizing', { selector: '.MuiCardHeader-title' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Right-sizing' }),
    ).not.toBeInTheDocument();
  });
});
