/*
 * Benchmark: assess() over 100,000 generated inputs, printing assessments per second.
 * Target (issue 2): at least 200,000/s on a 2-core machine. A baseline in the same run
 * (reading the annotation map alone) puts the figure in context on a noisy machine.
 *
 * Run: npm run bench (from the repo root)
 */
import { assess } from '../src/assess';
import { randomAnnotations, seededRandom } from '../src/__testUtils__/randomAnnotations';

const N = 100_000;
const ROUNDS = 5;

const random = seededRandom(42);
const inputs = Array.from({ length: N }, () => ({
  annotations: randomAnnotations(random),
  context: { serviceCount: 3, teamK8sExpertise: random() < 0.5, databases: [{ managed: true }] },
  assessedAt: '2026-01-01T00:00:00.000Z',
}));

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let sink = 0;
// Warm up the JIT.
for (let i = 0; i < 20_000; i++) sink += assess(inputs[i]).kubernetesCriteria.met;

const baseline: number[] = [];
const measured: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  baseline.push(
    time(() => {
      for (const input of inputs) sink += JSON.stringify(input.annotations).length;
    }),
  );
  measured.push(
    time(() => {
      for (const input of inputs) sink += assess(input).kubernetesCriteria.met;
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = median(measured);
const baseMs = median(baseline);
const perSecond = Math.round((N / ms) * 1000);

console.log(`assess() over ${N.toLocaleString('en-US')} generated inputs, median of ${ROUNDS} rounds`);
console.log(`  assess:                 ${ms.toFixed(1)} ms  (${((ms * 1000) / N).toFixed(2)} µs/entity)`);
console.log(`  baseline JSON.stringify: ${baseMs.toFixed(1)} ms  (ratio assess/baseline ${(ms / baseMs).toFixed(2)})`);
console.log(`assessments_per_second=${perSecond} target=200000 ${perSecond >= 200000 ? 'PASS' : 'BELOW TARGET'}`);
if (sink === -1) console.log(sink);
