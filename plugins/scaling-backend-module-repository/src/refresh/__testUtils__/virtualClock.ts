import { GateClock } from '../RequestGate';

/** Virtual time: sleeping moves the clock at once. */
export function virtualClock(
  start = 1_000_000,
): GateClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async ms => {
      slept.push(ms);
      now += ms;
    },
  };
}
