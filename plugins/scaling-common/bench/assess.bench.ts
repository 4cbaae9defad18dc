/* eslint-disable no-console */
/*
 * Benchmark: assess() over 100,000 generated inputs, printing assessments per second.
 * Target (issue 2): at least 200,000/s on a 2-core machine. A baseline in the same run
 * (reading the annotation map alone) puts the figure in context on a noisy machine.
 *
 * Run: npm run bench (from the repo root)
 */
import { assess } from '../src/assess';
import {
  randomAnnotations,
  seededRandom,
} from '../src/__testUtils__/randomAnnotations';

const N = 100_000;
const ROUNDS = 5;

const random = seededRandom(42);
const inputs = Array.from({ length: N }, () => ({
  annotations: randomAnnotations(random),
  context: {
    serviceCount: 3,
    teamK8sExpertise: random() < 0.5,
    databases: [{ managed: true }],
  },
  assessedAt: '2026-01-01T00:00:00.000Z',
}));

/** Runs `fn` over every input; returns milliseconds and a checksum the JIT cannot drop. */
function time(fn: (input: (typeof inputs)[number]) => number): {
  ms: number;
  sum: number;
} {
  let sum = 0;
  const start = process.hrtime.bigint();
  for (const input of inputs) sum += fn(input);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, sum };
}

const assessOne = (input: (typeof inputs)[number]) =>
  assess(input).kubernetesCriteria.met;
const baselineOne = (input: (typeof inputs)[number]) =>
  JSON.stringify(input.annotations).length;

// Warm up the JIT.
let sink = time(assessOne).sum;

const baseline: number[] = [];
const measured: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const base = time(baselineOne);
  const run = time(assessOne);
  baseline.push(base.ms);
  measured.push(run.ms);
  sink += base.sum + run.sum;
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = median(measured);
const baseMs = median(baseline);
const perSecond = Math.round((N / ms) * 1000);

console.log(
  `assess() over ${N.toLocaleString('en-US')} generated inputs, median of ${ROUNDS} rounds`,
);
console.log(
  `  assess:                 ${ms.toFixed(1)} ms  (${((ms * 1000) / N).toFixed(2)} µs/entity)`,
);
console.log(
  `  baseline JSON.stringify: ${baseMs.toFixed(1)} ms  (ratio assess/baseline ${(ms / baseMs).toFixed(2)})`,
);
console.log(
  `assessments_per_second=${perSecond} target=200000 ${perSecond >= 200000 ? 'PASS' : 'BELOW TARGET'}`,
);
if (sink === -1) console.log(sink);
