import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_PRUNE_AFTER_MS,
  DEFAULT_RATE_LIMIT_SHARE,
  DEFAULT_REFRESH_EVERY_MS,
  readRepositoryConfig,
} from './config';

function read(repository: object) {
  return readRepositoryConfig(new ConfigReader({ scaling: { repository } }));
}

describe('readRepositoryConfig', () => {
  it('looks for new repositories every minute, reads each again every 6 hours, spends a quarter of the rate limit', () => {
    const settings = readRepositoryConfig(new ConfigReader({}));
    expect(settings.schedule.frequency).toEqual({ minutes: 1 });
    expect(settings.refreshEveryMs).toBe(6 * 3_600_000);
    expect(DEFAULT_REFRESH_EVERY_MS).toBe(6 * 3_600_000);
    expect(settings.pruneAfterMs).toBe(DEFAULT_PRUNE_AFTER_MS);
    expect(settings.rateLimit).toEqual({ share: DEFAULT_RATE_LIMIT_SHARE });
    expect(DEFAULT_RATE_LIMIT_SHARE).toBe(0.25);
  });

  it('reads the durations and the rate limit', () => {
    const settings = read({
      refreshEvery: { hours: 12 },
      pruneAfter: '3 days',
      rateLimit: { share: 0.5, requestsPerHour: 900 },
    });
    expect(settings.refreshEveryMs).toBe(12 * 3_600_000);
    expect(settings.pruneAfterMs).toBe(3 * 24 * 3_600_000);
    expect(settings.rateLimit).toEqual({ share: 0.5, requestsPerHour: 900 });
  });

  it('names the key and the value of an invalid setting', () => {
    expect(() => read({ rateLimit: { share: 1.5 } })).toThrow(
      'Invalid config scaling.repository.rateLimit.share: expected a number greater than 0 and at most 1, got 1.5',
    );
    expect(() => read({ rateLimit: { share: 0 } })).toThrow(
      /rateLimit\.share: .* got 0$/,
    );
    expect(() => read({ rateLimit: { requestsPerHour: 2.5 } })).toThrow(
      'Invalid config scaling.repository.rateLimit.requestsPerHour: expected a whole number from 1 to 10000000, got 2.5',
    );
    expect(() => read({ refreshEvery: 'soon' })).toThrow(
      /^Invalid config scaling\.repository\.refreshEvery: /,
    );
    expect(() => read({ concurrency: 0 })).toThrow(
      'Invalid config scaling.repository.concurrency: expected a whole number from 1 to 64, got 0',
    );
  });
});
