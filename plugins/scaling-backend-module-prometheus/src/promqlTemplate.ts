/*
 * The PromQL template language: the placeholders a template may hold, where in the query each
 * stands (the whole value of an exact matcher, inside a regex matcher, in another string, or
 * outside strings), and how a value is escaped for each place. `queries.ts` decides from this
 * which placeholders a batch can share; this file knows only PromQL's syntax.
 */

/** The entity fields a template may refer to, besides `selector`. @public */
export type EntityField = 'name' | 'namespace' | 'kind';
/** Every {@link EntityField}. */
export const ENTITY_FIELDS: readonly EntityField[] = [
  'name',
  'namespace',
  'kind',
];

const PLACEHOLDER_SOURCE = String.raw`\{\{\s*(name|namespace|kind|selector)\s*\}\}`;
/** Every placeholder of a text. */
const placeholdersIn = (text: string) => [
  ...text.matchAll(new RegExp(PLACEHOLDER_SOURCE, 'g')),
];
/** A placeholder right at `lastIndex`. */
const PLACEHOLDER_AT = new RegExp(PLACEHOLDER_SOURCE, 'y');

/** RE2 metacharacters, so that `a.b` matches only `a.b`. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The inside of a PromQL string literal delimited by `quote`. */
export function escapeString(value: string, quote = '"'): string {
  if (quote === '`') return value.replace(/`/g, '');
  return value
    .replace(/\\/g, '\\\\')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
    .replace(/\n/g, '\\n');
}

const MATCHER_VALUE = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60[^\x60]*\x60)`;
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*${MATCHER_VALUE}\s*`;
const SELECTOR_SYNTAX = new RegExp(
  String.raw`^${MATCHER}(?:,${MATCHER})*,?\s*$`,
);

/**
 * Whether an annotation is a plain list of label matchers (`job="x", env=~"prod|staging"`),
 * the only thing `{{selector}}` accepts: it keeps one entity's annotation from breaking, or
 * reaching outside, the query it shares with others.
 */
export function isValidSelector(selector: string): boolean {
  return SELECTOR_SYNTAX.test(selector);
}

/** Where in the template a placeholder stands. */
type Context =
  | { kind: 'exact'; quote: string } // the whole value of `label="…"`
  | { kind: 'regex'; quote: string } // inside the value of `label=~"…"`
  | { kind: 'string'; quote: string; regex: boolean } // in any other string
  | { kind: 'code' }; // outside strings

export type Segment =
  | { text: string }
  /** the `=` of an exact matcher whose whole value is a placeholder: `=~` for several values */
  | { operatorOf: EntityField }
  | { field: EntityField; context: Context };

/** Splits a template into text, placeholders (each with where it stands) and operators. */
export function parseTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  const flush = () => {
    if (text) segments.push({ text });
    text = '';
  };
  /** The matcher operator before offset `at` (`''` if none) and where it starts. */
  const operatorBefore = (at: number): { op: string; opAt: number } => {
    let i = at - 1;
    while (i >= 0 && /\s/.test(template[i])) i--;
    const two = template.slice(Math.max(0, i - 1), i + 1);
    if (two === '=~' || two === '!~' || two === '!=')
      return { op: two, opAt: i - 1 };
    if (template[i] === '=' && !/[=!<>]/.test(template[i - 1] ?? ''))
      return { op: '=', opAt: i };
    return { op: '', opAt: -1 };
  };

  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '#') {
      // a comment runs to the end of the line
      const end = template.indexOf('\n', i);
      const stop = end === -1 ? template.length : end;
      text += template.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      let j = i + 1;
      while (j < template.length && template[j] !== c) {
        j += c !== '`' && template[j] === '\\' ? 2 : 1;
      }
      const body = template.slice(start + 1, Math.min(j, template.length));
      const closing = j < template.length ? c : '';
      const placeholders = placeholdersIn(body).filter(
        m => m[1] !== 'selector',
      );
      if (placeholders.length === 0) {
        text += template.slice(start, j + 1);
        i = j + 1;
        continue;
      }
      const { op, opAt } = operatorBefore(start);
      const exact =
        op === '=' &&
        placeholders.length === 1 &&
        placeholders[0][0] === body &&
        text.length >= start - opAt; // the `=` is still in `text` (nothing but spaces between)
      if (exact) {
        // `text` holds the template up to `start`; cut out the `=`
        const cut = text.length - (start - opAt);
        const before = text.slice(0, cut);
        const after = text.slice(cut + 1);
        text = before;
        flush();
        segments.push({ operatorOf: placeholders[0][1] as EntityField });
        text = after;
      }
      text += c;
      let last = 0;
      for (const m of placeholders) {
        text += body.slice(last, m.index);
        flush();
        let context: Context;
        if (exact) context = { kind: 'exact', quote: c };
        else if (op === '=~') context = { kind: 'regex', quote: c };
        else context = { kind: 'string', quote: c, regex: op === '!~' };
        segments.push({ field: m[1] as EntityField, context });
        last = m.index! + m[0].length;
      }
      text += body.slice(last) + closing;
      i = j + 1;
      continue;
    }
    if (c === '{') {
      PLACEHOLDER_AT.lastIndex = i;
      const m = PLACEHOLDER_AT.exec(template);
      if (m && m[1] !== 'selector') {
        flush();
        segments.push({
          field: m[1] as EntityField,
          context: { kind: 'code' },
        });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return segments;
}
