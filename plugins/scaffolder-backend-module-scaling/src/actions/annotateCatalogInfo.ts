import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  parseScalingValue,
  scalingValueKeyOf,
  suggestScalingAnnotation,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { isDeepStrictEqual } from 'node:util';
import { Document, YAMLMap, isMap, isScalar, parseAllDocuments } from 'yaml';
import { TextEdits } from './textEdits';

/** A catalog-info.yaml larger than this is refused: none is, and a hostile one could be. */
export const MAX_CATALOG_INFO_BYTES = 1024 * 1024;
const MAX_ALIASES = 100;

/** What {@link annotateCatalogInfo} changed. */
export interface AnnotatedCatalogInfo {
  text: string;
  /** The annotations added or changed, in the order given. */
  changed: string[];
}

function refOf(doc: Document): string | undefined {
  const value = doc.toJS({ maxAliasCount: MAX_ALIASES }) as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  } | null;
  if (
    !value ||
    typeof value.kind !== 'string' ||
    typeof value.metadata?.name !== 'string'
  ) {
    return undefined;
  }
  const namespace =
    typeof value.metadata.namespace === 'string'
      ? value.metadata.namespace
      : 'default';
  return stringifyEntityRef({
    kind: value.kind,
    namespace,
    name: value.metadata.name,
  }).toLocaleLowerCase('en-US');
}

/**
 * Checks the annotations against the rules' parsers: each key must be a `scaling.io/` value the
 * rules read, each value must parse as its annotation does. Empty values are left out (a form
 * field the user cleared). Throws an InputError naming the field and the value.
 */
export function checkAnnotations(
  annotations: Record<string, unknown>,
): Array<[string, string]> {
  const checked: Array<[string, string]> = [];
  for (const [annotation, raw] of Object.entries(annotations)) {
    if (raw === undefined || raw === null || String(raw).trim() === '')
      continue;
    const field = `annotations["${annotation}"]`;
    const key = scalingValueKeyOf(annotation);
    if (!key) {
      const suggestion = suggestScalingAnnotation(annotation);
      throw new InputError(
        `${field}: not a Scaling Advisor annotation${
          suggestion ? `; did you mean ${suggestion}?` : ''
        }`,
      );
    }
    if (
      typeof raw !== 'string' &&
      typeof raw !== 'number' &&
      typeof raw !== 'boolean'
    ) {
      throw new InputError(
        `${field}: expected a string, got ${JSON.stringify(raw)}`,
      );
    }
    const text = String(raw).trim();
    const parsed = parseScalingValue(key, text);
    if (!parsed.ok) {
      throw new InputError(`${field}: ${parsed.message}`);
    }
    checked.push([annotation, text]);
  }
  return checked;
}

/**
 * Adds or changes `scaling.io/` annotations of one entity in a catalog-info.yaml, keeping
 * everything else as it is: the other documents byte for byte, and in the entity's own
 * document its comments, key order and flow style (yaml's Document API; only that document is
 * written again). Throws an InputError when the file does not parse, or holds no such entity
 * (naming those it holds).
 */
export function annotateCatalogInfo(
  text: string,
  entityRef: string,
  annotations: Record<string, unknown>,
): AnnotatedCatalogInfo {
  if (Buffer.byteLength(text) > MAX_CATALOG_INFO_BYTES) {
    throw new InputError(
      `The catalog-info file is larger than ${MAX_CATALOG_INFO_BYTES / 1024} kB; refused`,
    );
  }
  const checked = checkAnnotations(annotations);
  const wanted = stringifyEntityRef(
    parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  ).toLocaleLowerCase('en-US');

  const parsed = parseAllDocuments(text);
  if (!Array.isArray(parsed)) {
    throw new InputError('The catalog-info file holds no YAML document');
  }
  const docs: Document.Parsed[] = parsed;
  const held: string[] = [];
  let target: Document.Parsed | undefined;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new InputError(
        `The catalog-info file does not parse: ${doc.errors[0].message}`,
      );
    }
    const ref = refOf(doc);
    if (ref) held.push(ref);
    if (ref === wanted && !target) target = doc;
  }
  if (!target) {
    throw new InputError(
      `No entity ${wanted} in the catalog-info file; it holds ${
        held.length ? held.join(', ') : 'no entity'
      }`,
    );
  }
  const metadata = target.get('metadata', true);
  if (!isMap(metadata)) {
    throw new InputError(`The metadata of ${wanted} is not a mapping`);
  }
  const found = metadata.get('annotations', true);
  // `annotations:` with no value is a null scalar: no annotations yet.
  const absent =
    found === undefined ||
    found === null ||
    (isScalar(found) && found.value === null);
  if (!absent && !isMap(found)) {
    throw new InputError(`The annotations of ${wanted} are not a mapping`);
  }
  const changed: string[] = [];
  const edits = new TextEdits(text);
  let annotationsMap: YAMLMap | undefined = isMap(found) ? found : undefined;
  for (const [key, value] of checked) {
    if (absent) {
      edits.addAnnotations(metadata, key, value);
    } else if (annotationsMap!.get(key) === value) {
      continue;
    } else if (annotationsMap!.has(key)) {
      edits.changeValue(annotationsMap!.get(key, true), value);
    } else {
      edits.addPair(annotationsMap!, key, value);
    }
    if (!annotationsMap) {
      annotationsMap = target.createNode({}) as YAMLMap;
      metadata.set('annotations', annotationsMap);
    }
    annotationsMap.set(key, value);
    changed.push(key);
  }
  if (changed.length === 0) return { text, changed };

  // The original text with only the changed values replaced and the added entries inserted,
  // checked by parsing it again. Where a shape is too unusual to edit in place, the entity's
  // document (only it) is written again by yaml, which keeps its comments and key order.
  const edited = edits.apply();
  const index = docs.indexOf(target);
  if (edited !== undefined && editedAsIntended(edited, docs, index)) {
    return { text: edited, changed };
  }
  const [rangeStart, , end] = target.range!;
  const start = index === 0 ? 0 : rangeStart;
  let rendered = target.toString({ lineWidth: 0, singleQuote: true });
  if (!text.slice(start, end).endsWith('\n'))
    rendered = rendered.replace(/\n$/, '');
  return { text: text.slice(0, start) + rendered + text.slice(end), changed };
}

/** Whether the edited text parses to the edited documents (the target already changed). */
function editedAsIntended(
  edited: string,
  docs: Document.Parsed[],
  index: number,
): boolean {
  const again = parseAllDocuments(edited);
  if (!Array.isArray(again) || again.length !== docs.length) return false;
  // The edits lie inside the target's nodes, so the other documents are the same text.
  return (
    again.every(doc => doc.errors.length === 0) &&
    isDeepStrictEqual(
      again[index].toJS({ maxAliasCount: MAX_ALIASES }),
      docs[index].toJS({ maxAliasCount: MAX_ALIASES }),
    )
  );
}
