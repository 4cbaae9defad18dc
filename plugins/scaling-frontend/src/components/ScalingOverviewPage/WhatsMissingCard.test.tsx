import React from 'react';
import { screen } from '@testing-library/react';
import {
  InstalledProvider,
  coverageOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { mockScalingApi } from '../../__testUtils__/fixtures';
import { renderScaling } from '../../__testUtils__/render';
import { WhatsMissingCard } from './WhatsMissingCard';

const repository: InstalledProvider = {
  id: 'repository',
  kind: 'evidence',
  configured: true,
};

describe('WhatsMissingCard', () => {
  it('says how far the repository module has got, and what it waits for', async () => {
    const coverage = coverageOf(
      [{}, { platform: 'repository' }],
      [
        {
          ...repository,
          progress: {
            done: 38,
            total: 60,
            unit: 'repositories',
            waitingFor: 'the rate limit of github.com',
            waitingUntil: '2026-12-07T14:05:00.000Z',
            updatedAt: '2026-12-07T13:20:00.000Z',
          },
        },
      ],
    );
    await renderScaling(<WhatsMissingCard coverage={coverage} />, {
      api: mockScalingApi(),
    });
    expect(screen.getByRole('status')).toHaveTextContent(
      /^The repository provider has read 38 of 60 repositories so far; waiting for the rate limit of github\.com until .+\.$/,
    );
    expect(
      screen.getByText(/The repository module has read 38 of 60 repositories/),
    ).toBeInTheDocument();
  });

  it('says nothing of a provider that has read everything', async () => {
    const coverage = coverageOf(
      [{ platform: 'repository' }],
      [
        {
          ...repository,
          progress: {
            done: 60,
            total: 60,
            unit: 'repositories',
            updatedAt: '2026-12-07T13:20:00.000Z',
          },
        },
      ],
    );
    await renderScaling(<WhatsMissingCard coverage={coverage} />, {
      api: mockScalingApi(),
    });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
