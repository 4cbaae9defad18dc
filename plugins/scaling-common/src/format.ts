/**
 * Number formatting for messages. `toLocaleString` goes through Intl and costs tens of
 * microseconds a call, which would dominate an org-wide scan; this is plain string work.
 */

/** 12345.5 → "12,345.5" @public */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = String(Math.abs(value));
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let i = grouped.length; i < whole.length; i += 3) {
    grouped += `,${whole.slice(i, i + 3)}`;
  }
  return `${value < 0 ? '-' : ''}${grouped}${dot === -1 ? '' : text.slice(dot)}`;
}

/** 1500 → "$1,500" @public */
export function formatUsd(value: number): string {
  return `$${formatNumber(value)}`;
}
