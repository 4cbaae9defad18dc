import { mockServices } from '@backstage/backend-test-utils';
import { ScanAfterEvidence } from './ScanAfterEvidence';

describe('ScanAfterEvidence', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts one scan for a burst of changes, after the delay', async () => {
    const trigger = jest.fn(async () => {});
    const after = new ScanAfterEvidence(trigger, mockServices.logger.mock(), {
      delayMs: 2000,
      retryMs: 15_000,
    });
    after.changed();
    after.changed();
    await jest.advanceTimersByTimeAsync(1999);
    expect(trigger).not.toHaveBeenCalled();
    after.changed();
    await jest.advanceTimersByTimeAsync(1);
    expect(trigger).toHaveBeenCalledTimes(1);
    // A later change starts another.
    after.changed();
    await jest.advanceTimersByTimeAsync(2000);
    expect(trigger).toHaveBeenCalledTimes(2);
    after.stop();
  });

  it('tries again while a scan is running, until the scheduler takes it', async () => {
    let running = true;
    const trigger = jest.fn(async () => {
      if (running) throw new Error('ConflictError: task is currently running');
    });
    const after = new ScanAfterEvidence(trigger, mockServices.logger.mock(), {
      delayMs: 2000,
      retryMs: 15_000,
    });
    after.changed();
    await jest.advanceTimersByTimeAsync(2000);
    expect(trigger).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(15_000);
    expect(trigger).toHaveBeenCalledTimes(2);
    running = false;
    await jest.advanceTimersByTimeAsync(15_000);
    expect(trigger).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(trigger).toHaveBeenCalledTimes(3);
    after.stop();
  });

  it('starts nothing once stopped', async () => {
    const trigger = jest.fn(async () => {});
    const after = new ScanAfterEvidence(trigger, mockServices.logger.mock());
    after.changed();
    after.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(trigger).not.toHaveBeenCalled();
  });
});
