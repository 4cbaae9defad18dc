import { mockServices } from '@backstage/backend-test-utils';
import { ScalingEvidenceProvider } from '@scaling-advisor/backstage-plugin-scaling-node';
import { InstalledProviders } from './InstalledProviders';

const PROGRESS = {
  done: 3,
  total: 5,
  unit: 'repositories',
  updatedAt: '2026-12-07T12:00:00.000Z',
};

function provider(
  id: string,
  progress?: ScalingEvidenceProvider['progress'],
): ScalingEvidenceProvider {
  return { id, getEvidence: async () => new Map(), progress };
}

describe('InstalledProviders', () => {
  it('lists the providers with the progress of those that say, asking at most every 5 seconds', async () => {
    let now = 0;
    const progress = jest.fn(async () => PROGRESS);
    const installed = new InstalledProviders(
      [
        { id: 'repository', kind: 'evidence', configured: true },
        { id: 'cmdb', kind: 'evidence', configured: true },
        {
          id: 'prometheus',
          kind: 'metrics',
          configured: false,
          configKey: 'k',
        },
      ],
      [provider('repository', progress), provider('cmdb')],
      mockServices.logger.mock(),
      () => now,
    );
    expect(await installed.list()).toEqual([
      {
        id: 'repository',
        kind: 'evidence',
        configured: true,
        progress: PROGRESS,
      },
      { id: 'cmdb', kind: 'evidence', configured: true },
      { id: 'prometheus', kind: 'metrics', configured: false, configKey: 'k' },
    ]);
    now = 4_999;
    await installed.list();
    expect(progress).toHaveBeenCalledTimes(1);
    now = 5_000;
    await installed.list();
    expect(progress).toHaveBeenCalledTimes(2);
  });

  it('lists a provider that fails to say without its progress', async () => {
    const installed = new InstalledProviders(
      [{ id: 'repository', kind: 'evidence', configured: true }],
      [
        provider('repository', async () => {
          throw new Error('database gone');
        }),
      ],
      mockServices.logger.mock(),
    );
    expect(await installed.list()).toEqual([
      { id: 'repository', kind: 'evidence', configured: true },
    ]);
  });
});
