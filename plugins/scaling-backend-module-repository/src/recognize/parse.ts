import { CST, Composer, LineCounter, Parser } from 'yaml';

/**
 * How far YAML aliases may expand. The bound is on what an expansion costs, not on how many
 * aliases a file uses: for each anchor, the number of times it is used times the expansion of
 * what it holds (the `yaml` package's `maxAliasCount`). A real Compose file that merges a few
 * `x-` anchors into a hundred services stays in the hundreds; the "billion laughs", nine anchors
 * of nine aliases of the one before, multiplies past this within a few levels and is refused
 * before it is expanded.
 */
export const MAX_YAML_ALIAS_EXPANSION = 10_000;

/**
 * How deeply collections may nest. Real manifests nest a dozen levels; composing YAML recurses
 * once per level, and a few thousand levels (`[[[[…`, 2 bytes each) overflow the stack where
 * V8 cannot always turn that into an exception: it can abort the process. So the syntax tree,
 * which the parser builds without recursing, is measured before anything is composed.
 */
export const MAX_YAML_DEPTH = 100;

export interface ParsedDocuments {
  documents: unknown[];
  /** The 1-based line each document starts on, in the order of `documents`. */
  lines: number[];
  /** Why the file was not read (an alias bomb, nesting too deep), naming the file. */
  skipped?: string;
  /**
   * Some document did not parse and the file holds `{{ }}`: a template of some kind, which
   * is not YAML until rendered.
   */
  templated?: boolean;
}

/** The documents of a YAML stream, as plain data. A document that does not parse is left out. */
export function parseYaml(path: string, text: string): ParsedDocuments {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  if (tokens.some(tooDeep)) {
    return {
      documents: [],
      lines: [],
      skipped: `${path}: YAML nested deeper than ${MAX_YAML_DEPTH} levels; the file is not read`,
    };
  }
  const documents: unknown[] = [];
  const lines: number[] = [];
  let unparsed = false;
  // What `parseAllDocuments` does, on the tokens already measured.
  const composer = new Composer({
    merge: true,
    uniqueKeys: false,
    logLevel: 'silent',
  });
  for (const document of composer.compose(tokens)) {
    if (document.errors.length > 0) {
      unparsed = true;
      continue;
    }
    try {
      documents.push(
        document.toJS({ maxAliasCount: MAX_YAML_ALIAS_EXPANSION }),
      );
      const start = document.contents?.range?.[0] ?? document.range[0];
      lines.push(lineCounter.linePos(start).line);
    } catch (error) {
      if (
        error instanceof ReferenceError &&
        /alias count/i.test(error.message)
      ) {
        return {
          documents: [],
          lines: [],
          skipped: `${path}: YAML alias expansion past ${MAX_YAML_ALIAS_EXPANSION.toLocaleString('en-US')} nodes; the file is not read`,
        };
      }
      // An alias to a missing anchor: the document is not valid YAML.
      unparsed = true;
    }
  }
  return unparsed && text.includes('{{')
    ? { documents, lines, templated: true }
    : { documents, lines };
}

/** Whether a syntax tree nests collections deeper than {@link MAX_YAML_DEPTH}. */
function tooDeep(token: CST.Token): boolean {
  const stack: [unknown, number][] = [[token, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    if (depth > MAX_YAML_DEPTH) return true;
    if (typeof node !== 'object' || node === null) continue;
    if ('type' in node && node.type === 'document' && 'value' in node) {
      stack.push([node.value, depth]);
    }
    if ('items' in node && Array.isArray(node.items)) {
      for (const item of node.items)
        stack.push([item?.key, depth + 1], [item?.value, depth + 1]);
    }
  }
  return false;
}

/** The one document of a JSON file, or none when it does not parse. */
export function parseJson(text: string): unknown[] {
  try {
    return [JSON.parse(text.replace(/^\uFEFF/, ''))];
  } catch {
    return [];
  }
}
