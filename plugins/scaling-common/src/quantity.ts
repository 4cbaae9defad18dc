/*
 * Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `1G`, `1250000n`), as the API
 * writes them: CPU in cores, memory in bytes. Cluster content is untrusted: anything else is
 * null, never an exception.
 */

const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(n|u|m|k|K|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/;

/** A quantity as a number (cores for CPU, bytes for memory); null when it is not one. @public */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.length > 40) return null;
  const match = QUANTITY.exec(value.trim());
  if (!match) return null;
  const n = Number(match[1]) * SUFFIX[match[2] ?? ''];
  return Number.isFinite(n) ? n : null;
}
