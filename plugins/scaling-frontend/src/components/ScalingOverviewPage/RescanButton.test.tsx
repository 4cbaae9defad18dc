import { screen, waitFor } from '@testing-library/react';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { mockScalingApi, overviewResponse } from '../../__testUtils__/fixtures';
import { responseError, setupUser } from '../../__testUtils__/render';
import { ScalingScan } from '../../api';
import { AuthorizeResult, OLD, renderPage } from '../../__testUtils__/rescan';

const user = setupUser();

const NEW: LastScan = {
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:00:12.000Z',
  entities: 12,
  durationMs: 12_000,
  stale: false,
};

function scan(status: ScalingScan['status']): ScalingScan {
  return {
    scanId: 'scan-1',
    status,
    startedAt: NEW.startedAt,
    finishedAt: status === 'completed' ? NEW.finishedAt : null,
    entities: status === 'completed' ? 12 : 0,
    durationMs: status === 'completed' ? 12_000 : null,
    error: null,
  };
}

describe('Rescan on the overview page', () => {
  it('starts a scan, says so, and shows the new last scan when it is done', async () => {
    let finished = false;
    const api = mockScalingApi({
      getOverview: jest.fn(async q =>
        overviewResponse(q, 10, finished ? NEW : OLD, 4),
      ),
      startScan: jest.fn(async () => ({ scanId: 'scan-1' })),
      getScan: jest.fn(async () => {
        finished = true;
        return scan('completed');
      }),
    });
    await renderPage(api, AuthorizeResult.ALLOW);
    expect(screen.getByText(/\(10 entities in 300 s\)/)).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Rescan' }));
    expect(api.startScan).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('status')).toHaveTextContent('Scan started');
    expect(screen.getByRole('button', { name: 'Scanning…' })).toBeDisabled();

    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Scan finished: 12 entities assessed.',
        ),
      { timeout: 5_000 },
    );
    expect(api.getScan).toHaveBeenCalledWith('scan-1');
    expect(
      await screen.findByText(/\(12 entities in 12 s\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeEnabled();
  });

  it("shows the backend's message when a scan is already running", async () => {
    const message =
      'A scan is already running (scan s-0, started 2026-12-01T09:59:00.000Z); try again when it has finished.';
    const api = mockScalingApi({
      getOverview: jest.fn(async q => overviewResponse(q, 10, OLD, 4)),
      startScan: jest.fn(async () => {
        throw await responseError(409, 'ConflictError', message);
      }),
      getScan: jest.fn(),
    });
    await renderPage(api, AuthorizeResult.ALLOW);
    await user.click(await screen.findByRole('button', { name: 'Rescan' }));
    expect(await screen.findByRole('status')).toHaveTextContent(message);
    expect(api.getScan).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeEnabled();
  });
});
