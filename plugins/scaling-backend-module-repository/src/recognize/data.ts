/*
 * Reading parsed YAML/JSON without trusting its shape: every accessor checks the type it
 * returns, so a document of the wrong shape (or a hostile one) gives `undefined`, never a throw.
 */

export type Data = Record<string, unknown>;

export function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of keys, or undefined as soon as one step is not a mapping. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (
      !isRecord(current) ||
      !Object.prototype.hasOwnProperty.call(current, key)
    ) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

export function records(value: unknown): Data[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A mapping's entries whose values are mappings: Compose services, OTel pipelines. */
export function entries(value: unknown): [string, Data][] {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, Data] =>
    isRecord(entry[1]),
  );
}

/** A TCP port given as a number or a numeric string (`8080`, `"8080"`). */
export function port(value: unknown): number | undefined {
  const number =
    typeof value === 'string' && /^\d{1,5}$/.test(value.trim())
      ? Number(value)
      : value;
  return typeof number === 'number' &&
    Number.isInteger(number) &&
    number >= 1 &&
    number <= 65535
    ? number
    : undefined;
}

/** A number given as a number or a numeric string (`99.9`, `"99.9"`). */
export function decimal(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

// Aliases make a YAML document a graph (possibly a cycle): visit each node once, and stop at a
// bound so one file cannot cost more than a fixed amount of work.
const MAX_NODES = 20000;

/** Every string value (not key) in a document, each node visited once. */
export function stringsOf(value: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES) {
    const node = stack.pop();
    visited += 1;
    if (typeof node === 'string') {
      found.push(node);
    } else if (typeof node === 'object' && node !== null && !seen.has(node)) {
      seen.add(node);
      const children = Array.isArray(node) ? node : Object.values(node);
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
    }
  }
  return found;
}
