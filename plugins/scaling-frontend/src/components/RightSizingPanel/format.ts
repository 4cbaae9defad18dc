/*
 * Kubernetes quantities as people read them: CPU in millicores below one core (`250m`), in
 * cores from one up (`1.24 cores`); memory in MiB below one GiB (`307 MiB`), in GiB from one
 * up (`6.8 GiB`). Figures are rounded to two decimals at most, without trailing zeros.
 */

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** `3.68`, `2`, `1.5`: at most two decimals, no trailing zeros. */
function decimals(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** `250m` below one core, `1 core` / `1.24 cores` from one up; `—` when unknown. */
export function formatCpu(cores: number | null | undefined): string {
  if (cores === null || cores === undefined || !Number.isFinite(cores))
    return '—';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  const text = decimals(cores);
  return `${text} ${text === '1' ? 'core' : 'cores'}`;
}

/** `307 MiB` below one GiB, `2 GiB` / `6.8 GiB` from one up; `—` when unknown. */
export function formatMemory(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes))
    return '—';
  if (bytes < GIB) return `${Math.round(bytes / MIB)} MiB`;
  return `${decimals(bytes / GIB)} GiB`;
}

/** Cores as a saving reads them: `3.68 cores`, `0.24 cores`, `1 core`. */
export function formatCores(cores: number): string {
  const text = decimals(cores);
  return `${text} ${text === '1' ? 'core' : 'cores'}`;
}
