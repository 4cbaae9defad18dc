import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { mockScalingApi, overviewResponse } from '../../__testUtils__/fixtures';
import { renderScaling } from '../../__testUtils__/render';
import { ScalingOverviewContent } from './ScalingOverviewPage';

const OLD: LastScan = {
  startedAt: '2026-11-30T08:00:00.000Z',
  finishedAt: '2026-11-30T08:05:00.000Z',
  entities: 10,
  durationMs: 300_000,
  stale: true,
};

/**
 * The decisions `mockApis.permission` takes: `AuthorizeResult` of permission-common, which
 * this package does not depend on directly.
 */
type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;
const AuthorizeResult = {
  ALLOW: 'ALLOW' as Decision,
  DENY: 'DENY' as Decision,
};

async function renderPage(
  api: ReturnType<typeof mockScalingApi>,
  authorize: Decision,
) {
  const asked: string[] = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      asked.push(request.permission.name);
      return authorize;
    },
  });
  await renderScaling(
    <TestApiProvider apis={[[permissionApiRef, permissionApi]]}>
      <ScalingOverviewContent />
    </TestApiProvider>,
    { api },
  );
  await screen.findByText('service-0');
  return asked;
}

// A file of its own: usePermission caches each decision for the rest of a test file.
describe('Rescan on the overview page, denied', () => {
  it('is not shown to a user the permission policy denies', async () => {
    const api = mockScalingApi({
      getOverview: jest.fn(async q => overviewResponse(q, 10, OLD, 4)),
    });
    const asked = await renderPage(api, AuthorizeResult.DENY);
    // The policy was asked and answered, not merely still loading.
    await waitFor(() => expect(asked).toContain('scaling.scan.create'));
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Rescan' }),
    ).not.toBeInTheDocument();
  });
});
