import { CST, Composer, Parser } from 'yaml';

/**
 * How many alias expansions a YAML document may have. Real manifests use a handful (Compose
 * `x-` extension fields merged with `<<`); a "billion laughs" document needs far more, and is
 * refused after this many instead of being expanded.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * How deeply collections may nest. Real manifests nest a dozen levels; composing YAML recurses
 * once per level, and a few thousand levels (`[[[[…`, 2 bytes each) overflow the stack where
 * V8 cannot always turn that into an exception: it can abort the process. So the syntax tree,
 * which the parser builds without recursing, is measured before anything is composed.
 */
export const MAX_YAML_DEPTH = 100;

export interface ParsedDocuments {
  documents: unknown[];
  /** Why the file was not read (an alias bomb, nesting too deep), naming the file. */
  skipped?: string;
}

/**
 * The documents of a YAML stream, as plain data. A document that does not parse is left out.
 * A Helm or Go template (`{{ }}`) that does not parse is read by its `apiVersion:` and `kind:`
 * lines only, which is what identifies a resource.
 */
export function parseYaml(path: string, text: string): ParsedDocuments {
  const tokens = Array.from(new Parser().parse(text));
  if (tokens.some(tooDeep)) {
    return {
      documents: [],
      skipped: `${path}: YAML nested deeper than ${MAX_YAML_DEPTH} levels; the file is not read`,
    };
  }
  const documents: unknown[] = [];
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
      documents.push(document.toJS({ maxAliasCount: MAX_YAML_ALIASES }));
    } catch (error) {
      if (
        error instanceof ReferenceError &&
        /alias count/i.test(error.message)
      ) {
        return {
          documents: [],
          skipped: `${path}: YAML alias expansion past ${MAX_YAML_ALIASES} aliases; the file is not read`,
        };
      }
      // An alias to a missing anchor: the document is not valid YAML.
      unparsed = true;
    }
  }
  if (unparsed && text.includes('{{')) {
    return { documents: templatedResources(text) };
  }
  return { documents };
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

const API_VERSION_LINE =
  /^apiVersion:[ \t]*["']?([\w.-]+(?:\/[\w.-]+)?)["']?[ \t]*$/m;
const KIND_LINE = /^kind:[ \t]*["']?(\w+)["']?[ \t]*$/m;

/** `{ apiVersion, kind }` of each `---`-separated document of a template that has both. */
function templatedResources(text: string): unknown[] {
  return text.split(/^---.*$/m).flatMap(chunk => {
    const apiVersion = API_VERSION_LINE.exec(chunk)?.[1];
    const kind = KIND_LINE.exec(chunk)?.[1];
    return apiVersion && kind ? [{ apiVersion, kind }] : [];
  });
}

/** The one document of a JSON file, or none when it does not parse. */
export function parseJson(text: string): unknown[] {
  try {
    return [JSON.parse(text.replace(/^\uFEFF/, ''))];
  } catch {
    return [];
  }
}
