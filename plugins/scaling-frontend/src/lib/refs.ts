import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * What a user types in a filter (`payments`, `group:payments`, `group:default/payments`) as
 * the full entity ref the API filters on; text that is not a ref is passed through.
 */
export function normalizeEntityRef(
  input: string,
  defaultKind: string,
): string | undefined {
  const text = input.trim();
  if (!text) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(text, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return text;
  }
}
