import { GithubAllowance, GithubRateGate } from './GithubRateGate';
import { GateClock } from './RequestGate';
import { virtualClock } from './__testUtils__/virtualClock';

const HOUR = 3_600_000;

/**
 * A GitHub allowance that the test's requests (and the catalog's) spend: `limit` per hour from
 * the first probe; the gate probes it as it would `GET /rate_limit`.
 */
function allowance(clock: GateClock, limit: number) {
  let windowStart = clock.now();
  let used = 0;
  const roll = () => {
    if (clock.now() >= windowStart + HOUR) {
      windowStart = clock.now();
      used = 0;
    }
  };
  return {
    spend(n: number) {
      roll();
      used += n;
    },
    probes: 0,
    probe(): Promise<GithubAllowance> {
      roll();
      this.probes += 1;
      return Promise.resolve({
        limit,
        remaining: Math.max(0, limit - used),
        resetAt: windowStart + HOUR,
      });
    },
  };
}

describe('GithubRateGate', () => {
  it('spends at most its share of the hour, spread over the hour, never in one burst', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 5000);
    const gate = new GithubRateGate(
      'github.com',
      0.25,
      () => github.probe(),
      clock,
    );
    const start = clock.now();
    const grantedAt: number[] = [];
    // Ask for more than the share: 800 reads of 2 requests, with a day to do it in.
    for (let i = 0; i < 800; i++) {
      const ok = await gate.acquire(2, start + 24 * HOUR);
      expect(ok).toBe(true);
      github.spend(2);
      grantedAt.push(clock.now() - start);
    }
    const inFirstHour = grantedAt.filter(t => t < HOUR).length * 2;
    // The share is 1,250 requests an hour.
    expect(inFirstHour).toBeLessThanOrEqual(1250);
    expect(inFirstHour).toBeGreaterThanOrEqual(1200);
    // A tenth at once, the rest spread: by a quarter of the hour, about a tenth plus a quarter.
    const byQuarter = grantedAt.filter(t => t < HOUR / 4).length * 2;
    expect(byQuarter).toBeGreaterThan(125);
    expect(byQuarter).toBeLessThanOrEqual(125 + 1250 / 4 + 2);
    // The next hour's requests wait for its window.
    expect(grantedAt[grantedAt.length - 1]).toBeGreaterThanOrEqual(HOUR);
  });

  it('leaves the rest of the allowance to the others, and never takes the last tenth', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 1000);
    const gate = new GithubRateGate(
      'github.com',
      0.5,
      () => github.probe(),
      clock,
    );
    const start = clock.now();
    // The catalog has spent 300 of its 500: the module may still spend its 500.
    github.spend(300);
    let granted = 0;
    while (await gate.acquire(10, start + HOUR - 1)) {
      github.spend(10);
      granted += 10;
    }
    // All of its share but the last 10, which the spreading gives at the reset itself.
    expect(granted).toBe(490);
    // Next hour the catalog spends 950: with 50 left, below the last tenth, the module waits.
    await clock.sleep(HOUR);
    github.spend(950);
    const next = clock.now();
    expect(await gate.acquire(1, next + 60_000)).toBe(false);
    expect(await gate.acquire(1, next + 2 * HOUR)).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(next + HOUR);
  });

  it('says no at once, counting nothing, when the wait would pass the deadline', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 100);
    const gate = new GithubRateGate(
      'github.com',
      0.2,
      () => github.probe(),
      clock,
    );
    const start = clock.now();
    let granted = 0;
    while (await gate.acquire(1, start + 1000)) {
      github.spend(1);
      granted += 1;
    }
    // The burst: a tenth of the 20-request share, at least the request itself.
    expect(granted).toBe(2);
    expect(clock.now() - start).toBeLessThanOrEqual(1000);
  });

  it('after a refusal with nothing left, waits for the reset GitHub names', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 100);
    const gate = new GithubRateGate(
      'github.com',
      1,
      () => github.probe(),
      clock,
    );
    const start = clock.now();
    expect(await gate.acquire(1, start + 1000)).toBe(true);
    github.spend(100);
    const wait = await gate.refused();
    expect(wait.reason).toBe('the rate limit of github.com');
    expect(wait.until).toBe(start + HOUR + 1000);
    expect(gate.waiting()).toEqual(wait);
    expect(await gate.acquire(1, start + HOUR)).toBe(false);
    expect(await gate.acquire(1, start + 2 * HOUR)).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(start + HOUR + 1000);
  });

  it('backs off a minute, doubling, from a secondary rate limit (a refusal with allowance left)', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 5000);
    const gate = new GithubRateGate(
      'github.com',
      0.25,
      () => github.probe(),
      clock,
    );
    const start = clock.now();
    expect((await gate.refused()).until - start).toBe(60_000);
    expect((await gate.refused()).until - start).toBe(120_000);
    expect((await gate.refused()).reason).toBe(
      'the secondary rate limit of github.com',
    );
    gate.succeeded();
    expect((await gate.refused()).until - clock.now()).toBe(60_000);
  });

  it('paces a host that turns its rate limit on, within seconds', async () => {
    const clock = virtualClock();
    let limited = false;
    const github = allowance(clock, 100);
    const gate = new GithubRateGate(
      'ghe.example.com',
      0.25,
      async () => (limited ? github.probe() : 'unlimited'),
      clock,
    );
    const start = clock.now();
    for (let i = 0; i < 500; i++) {
      expect(await gate.acquire(1, start)).toBe(true);
    }
    limited = true;
    await clock.sleep(5_000);
    let granted = 0;
    while (await gate.acquire(1, clock.now() + 1_000)) granted += 1;
    // The burst of its 25-request share, and no more within the second.
    expect(granted).toBe(3);
  });

  it('does not pace a host without a rate limit', async () => {
    const clock = virtualClock();
    const gate = new GithubRateGate(
      'ghe.example.com',
      0.25,
      async () => 'unlimited',
      clock,
    );
    for (let i = 0; i < 10_000; i++) {
      expect(await gate.acquire(2, clock.now())).toBe(true);
    }
    expect(clock.slept).toEqual([]);
  });

  it('asks GitHub again as the window goes by, not before every request', async () => {
    const clock = virtualClock();
    const github = allowance(clock, 5000);
    const gate = new GithubRateGate(
      'github.com',
      0.25,
      () => github.probe(),
      clock,
    );
    for (let i = 0; i < 100; i++) await gate.acquire(1, clock.now() + HOUR);
    expect(github.probes).toBeGreaterThanOrEqual(1);
    expect(github.probes).toBeLessThan(100);
  });
});
