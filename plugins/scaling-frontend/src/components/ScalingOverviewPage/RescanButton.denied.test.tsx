import { screen, waitFor } from '@testing-library/react';
import { mockScalingApi, overviewResponse } from '../../__testUtils__/fixtures';
import { AuthorizeResult, OLD, renderPage } from '../../__testUtils__/rescan';

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
