import React from 'react';
import { screen } from '@testing-library/react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { mockScalingApi } from './fixtures';
import { renderScaling } from './render';
import { ScalingOverviewContent } from '../components/ScalingOverviewPage/ScalingOverviewPage';

/** The last scan before a rescan. */
export const OLD: LastScan = {
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
export const AuthorizeResult = {
  ALLOW: 'ALLOW' as Decision,
  DENY: 'DENY' as Decision,
};

/** The overview page under a permission API that decides `authorize`; the names it was asked. */
export async function renderPage(
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
