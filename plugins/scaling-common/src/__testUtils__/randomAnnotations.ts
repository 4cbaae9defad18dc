import { SCALING_ANNOTATIONS } from '../annotations';

/** A small deterministic PRNG (mulberry32), so failures can be replayed from the seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = [
  '0',
  '1',
  '999',
  '1000',
  '1,000',
  '10000',
  '10001',
  '50001',
  '-5',
  '1e3',
  'lots',
  '',
  '   ',
  '99',
  '99.9',
  '99.95%',
  '100.5',
  '99.9.9',
  '$1,500',
  '$',
  'YES',
  'no',
  'maybe',
  'true',
  'istio',
  'canary',
  'blue-green',
  'rolling',
  'eks',
  'vps',
  'docker-swarm',
  'cloud-run',
  'air-gapped',
  'iac,canary',
  'metrics,logging',
  '/health',
  'NaN',
  'Infinity',
  '\u0000',
  '99999999999999999999999',
  '__proto__',
  'constructor',
];

const KEYS = [
  ...Object.values(SCALING_ANNOTATIONS),
  'scaling.io/active-user',
  'scaling.io/',
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
  'github.com/project-slug',
];

/** A random annotation map: real keys, typos, and good and bad values. */
export function randomAnnotations(
  random: () => number,
): Record<string, string> {
  const annotations: Record<string, string> = {};
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    const key = KEYS[Math.floor(random() * KEYS.length)];
    annotations[key] =
      random() < 0.1
        ? String(Math.floor(random() * 100000) - 1000)
        : VALUES[Math.floor(random() * VALUES.length)];
  }
  return annotations;
}
