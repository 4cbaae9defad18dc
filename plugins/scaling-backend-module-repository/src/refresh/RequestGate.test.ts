import { PacedGate, refusalOf } from './RequestGate';
import { virtualClock } from './__testUtils__/virtualClock';

const HOUR = 3_600_000;

describe('PacedGate', () => {
  it('paces to the requests per hour it is given, a minute of them at once', async () => {
    const clock = virtualClock();
    const gate = new PacedGate('gitlab.example.com', 600, clock);
    const start = clock.now();
    for (let i = 0; i < 20; i++) {
      expect(await gate.acquire(1, start + HOUR)).toBe(true);
    }
    // 10 at once (a minute's worth), then one every 6 seconds.
    expect(clock.now() - start).toBeGreaterThanOrEqual(10 * 6_000 - 1);
    expect(clock.now() - start).toBeLessThanOrEqual(11 * 6_000);
  });

  it('pauses a minute after a refusal, doubling while refusals go on', async () => {
    const clock = virtualClock();
    const gate = new PacedGate('bitbucket.org', undefined, clock);
    const start = clock.now();
    expect(await gate.acquire(1, start)).toBe(true);
    expect((await gate.refused()).until).toBe(start + 60_000);
    expect(await gate.acquire(1, start + 59_000)).toBe(false);
    expect(await gate.acquire(1, start + 60_000)).toBe(true);
    expect((await gate.refused()).until).toBe(clock.now() + 120_000);
  });
});

describe('refusalOf', () => {
  it("tells a rate limit from the UrlReader's error text", () => {
    expect(
      refusalOf(
        'Request failed for https://api.github.com/repos/a/b/commits/main/status?per_page=0, 403 Forbidden (rate limit exceeded)',
      ),
    ).toBe('limit');
    expect(
      refusalOf(
        'Request failed for https://gitlab.com/x, 429 Too Many Requests',
      ),
    ).toBe('limit');
    expect(
      refusalOf('Request failed for https://x, 403 Forbidden', 'github'),
    ).toBe('forbidden');
    expect(
      refusalOf('Request failed for https://x, 403 Forbidden', 'gitlab'),
    ).toBeUndefined();
    expect(
      refusalOf('NotFoundError: Request failed for https://x, 404 Not Found'),
    ).toBeUndefined();
  });
});
