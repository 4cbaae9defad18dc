/*
 * Go's text/template syntax, as Helm charts use it, parsed into a tree: text, actions
 * (`{{ pipeline }}`), `if`/`else if`/`else`, `with`, `range`, `define`, `template`/`include`
 * targets, variables, pipelines and parenthesized commands. Only parsed, never compiled to
 * code: the evaluator (evaluate.ts) walks the tree.
 */

/** Why a template cannot be read or evaluated; the message names what is missing. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type Arg =
  | { type: 'field'; base: 'dot' | 'root' | string; path: string[] } // .A.B, $.A, $x.A
  | { type: 'literal'; value: unknown }
  | { type: 'ident'; name: string } // a function name used as an argument-less call
  | { type: 'pipe'; pipeline: Pipeline; path: string[] }; // (…).Field

export interface Command {
  /** A function name, or undefined when the command is a single operand. */
  fn?: string;
  args: Arg[];
}

export interface Pipeline {
  /** `$x := …` declares, `$x = …` assigns. */
  declare?: { names: string[]; assign: boolean };
  commands: Command[];
}

export type Node =
  | { type: 'text'; text: string }
  | { type: 'output'; pipeline: Pipeline }
  | {
      type: 'if' | 'with';
      pipeline: Pipeline;
      then: Node[];
      otherwise: Node[];
    }
  | {
      type: 'range';
      pipeline: Pipeline;
      body: Node[];
      otherwise: Node[];
    }
  | { type: 'template'; name: string; pipeline?: Pipeline }
  | { type: 'break' | 'continue' };

export interface Parsed {
  nodes: Node[];
  /** `define` blocks, by name. */
  defines: Map<string, Node[]>;
}

interface Token {
  kind: 'text' | 'action';
  value: string;
}

/** Splits a template into text and actions, applying `{{-` / `-}}` and dropping comments. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNext = false;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    let text = source.slice(i, open === -1 ? source.length : open);
    if (trimNext) text = text.replace(/^[\s]+/, '');
    if (open === -1) {
      if (text) tokens.push({ kind: 'text', value: text });
      break;
    }
    const trimLeft = source[open + 2] === '-' && /\s/.test(source[open + 3]);
    if (trimLeft) text = text.replace(/[\s]+$/, '');
    if (text) tokens.push({ kind: 'text', value: text });
    let j = open + (trimLeft ? 3 : 2);
    // The action runs to the first `}}` outside a string literal.
    let inString: string | null = null;
    let close = -1;
    for (; j < source.length; j++) {
      const c = source[j];
      if (inString) {
        if (c === '\\' && inString === '"') j++;
        else if (c === inString) inString = null;
      } else if (c === '"' || c === '`') {
        inString = c;
      } else if (c === "'") {
        // a rune literal: 'x'
        j += source[j + 1] === '\\' ? 3 : 2;
      } else if (c === '}' && source[j + 1] === '}') {
        close = j;
        break;
      }
    }
    if (close === -1) throw new TemplateError('an action is not closed (}})');
    let body = source.slice(open + (trimLeft ? 3 : 2), close);
    trimNext = /\s-$/.test(body);
    if (trimNext) body = body.slice(0, -2);
    const trimmed = body.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) {
      tokens.push({ kind: 'action', value: trimmed });
    }
    i = close + 2;
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

type Lexeme =
  | { t: 'field'; value: string } // .A.B or .
  | { t: 'var'; value: string } // $ or $x, with optional .A.B
  | { t: 'string'; value: string }
  | { t: 'number'; value: number }
  | { t: 'ident'; value: string }
  | { t: '(' | ')' | '|' | ':=' | '=' | ',' }
  | { t: 'fieldAfter'; value: string }; // .A.B directly after `)`

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function lex(source: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '|' || c === ',') {
      out.push({ t: c });
      i++;
      continue;
    }
    if (c === ':' && source[i + 1] === '=') {
      out.push({ t: ':=' });
      i += 2;
      continue;
    }
    if (c === '=') {
      out.push({ t: '=' });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      for (; j < source.length && source[j] !== '"'; j++) {
        if (source[j] === '\\') {
          j++;
          value += ESCAPES[source[j]] ?? source[j];
        } else value += source[j];
      }
      if (j >= source.length) throw new TemplateError('a string is not closed');
      out.push({ t: 'string', value });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = source.indexOf('`', i + 1);
      if (j === -1) throw new TemplateError('a raw string is not closed');
      out.push({ t: 'string', value: source.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const j = source.indexOf("'", i + 1);
      if (j === -1)
        throw new TemplateError('a character literal is not closed');
      const ch = source.slice(i + 1, j).replace(/^\\/, '');
      out.push({ t: 'number', value: ch.codePointAt(0) ?? 0 });
      i = j + 1;
      continue;
    }
    if (c === '.' || c === '$') {
      let j = i + 1;
      // `$x` names a variable; `.Name` starts a field chain right after its dot.
      IDENT.lastIndex = j;
      const first = IDENT.exec(source);
      if (first) j += first[0].length;
      while (source[j] === '.' && /[A-Za-z_]/.test(source[j + 1] ?? '')) {
        IDENT.lastIndex = j + 1;
        const m = IDENT.exec(source)!;
        j += 1 + m[0].length;
      }
      const text = source.slice(i, j);
      // Only directly after the parenthesis, as in `(index .Values 0).Name`; after a space
      // (`default (include "x" .) .Values.name`) it is an argument of its own.
      const afterParen =
        source[i - 1] === ')' &&
        out.length > 0 &&
        out[out.length - 1].t === ')';
      if (c === '.' && afterParen && text !== '.')
        out.push({ t: 'fieldAfter', value: text });
      else out.push({ t: c === '.' ? 'field' : 'var', value: text });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(source[i + 1] ?? ''))) {
      const m = /-?(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?)/y;
      m.lastIndex = i;
      const found = m.exec(source);
      if (found) {
        out.push({ t: 'number', value: Number(found[0]) });
        i += found[0].length;
        continue;
      }
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(source);
    if (m) {
      out.push({ t: 'ident', value: m[0] });
      i += m[0].length;
      continue;
    }
    throw new TemplateError(`unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

function fieldPath(text: string): string[] {
  return text.split('.').filter(Boolean);
}

class PipelineParser {
  private i = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  parse(): Pipeline {
    const pipeline = this.pipeline();
    if (this.i < this.lexemes.length)
      throw new TemplateError('unexpected tokens after a pipeline');
    return pipeline;
  }

  private peek(offset = 0): Lexeme | undefined {
    return this.lexemes[this.i + offset];
  }

  private pipeline(): Pipeline {
    let declare: Pipeline['declare'];
    // `$x := …`, `$i, $v := …`, `$x = …`
    const names: string[] = [];
    let k = 0;
    while (this.peek(k)?.t === 'var') {
      names.push((this.peek(k) as { value: string }).value);
      if (this.peek(k + 1)?.t === ',') k += 2;
      else {
        k += 1;
        break;
      }
    }
    const op = this.peek(k)?.t;
    if (names.length > 0 && (op === ':=' || op === '=')) {
      declare = { names, assign: op === '=' };
      this.i += k + 1;
    }
    const commands: Command[] = [this.command()];
    while (this.peek()?.t === '|') {
      this.i++;
      commands.push(this.command());
    }
    return declare ? { declare, commands } : { commands };
  }

  private command(): Command {
    const args: Arg[] = [];
    for (;;) {
      const next = this.peek();
      if (!next || next.t === '|' || next.t === ')') break;
      args.push(this.operand());
    }
    if (args.length === 0) throw new TemplateError('an empty command');
    const [first, ...rest] = args;
    if (
      first.type === 'ident' &&
      !['true', 'false', 'nil'].includes(first.name)
    )
      return { fn: first.name, args: rest };
    if (rest.length > 0 && first.type !== 'field')
      throw new TemplateError('a command with arguments is not a function');
    // A field chain with arguments calls a method (`.Capabilities.APIVersions.Has "v1"`).
    return { args };
  }

  private operand(): Arg {
    const lexeme = this.lexemes[this.i++];
    switch (lexeme.t) {
      case 'field':
        return { type: 'field', base: 'dot', path: fieldPath(lexeme.value) };
      case 'var': {
        const [name, ...path] = lexeme.value.split('.');
        return {
          type: 'field',
          base: name === '$' ? 'root' : name,
          path: path.filter(Boolean),
        };
      }
      case 'string':
      case 'number':
        return { type: 'literal', value: lexeme.value };
      case 'ident':
        if (lexeme.value === 'true') return { type: 'literal', value: true };
        if (lexeme.value === 'false') return { type: 'literal', value: false };
        if (lexeme.value === 'nil') return { type: 'literal', value: null };
        return { type: 'ident', name: lexeme.value };
      case '(': {
        const pipeline = this.pipeline();
        if (this.lexemes[this.i++]?.t !== ')')
          throw new TemplateError('a parenthesis is not closed');
        let path: string[] = [];
        const after = this.peek();
        if (after?.t === 'fieldAfter') {
          path = fieldPath(after.value);
          this.i++;
        }
        return { type: 'pipe', pipeline, path };
      }
      default:
        throw new TemplateError(`unexpected ${lexeme.t}`);
    }
  }
}

export function parsePipeline(source: string): Pipeline {
  return new PipelineParser(lex(source)).parse();
}

const KEYWORD =
  /^(if|else|end|range|with|define|template|block|include|break|continue)\b\s*/;

/** Parses a template file: its nodes, and the `define` blocks it holds. */
export function parseTemplate(source: string): Parsed {
  const tokens = tokenize(source);
  const defines = new Map<string, Node[]>();
  let i = 0;

  type Frame = { stop: string[] };
  // Parses nodes until one of `stop` (`end`, `else`) and returns the nodes and the stopper.
  function parseNodes(frame: Frame): { nodes: Node[]; stopper?: string } {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const token = tokens[i++];
      if (token.kind === 'text') {
        nodes.push({ type: 'text', text: token.value });
        continue;
      }
      const action = token.value;
      const keyword = KEYWORD.exec(action)?.[1];
      const rest = keyword ? action.slice(KEYWORD.exec(action)![0].length) : '';
      if (keyword === 'end' || keyword === 'else') {
        if (!frame.stop.includes(keyword))
          throw new TemplateError(`an unexpected {{ ${keyword} }}`);
        return {
          nodes,
          stopper: keyword === 'else' ? `else ${rest}`.trim() : 'end',
        };
      }
      if (keyword === 'break' || keyword === 'continue') {
        nodes.push({ type: keyword });
      } else if (keyword === 'if' || keyword === 'with') {
        nodes.push(parseBranch(keyword, rest));
      } else if (keyword === 'range') {
        const pipeline = parsePipeline(rest);
        const body = parseNodes({ stop: ['end', 'else'] });
        let otherwise: Node[] = [];
        if (body.stopper?.startsWith('else')) {
          otherwise = parseNodes({ stop: ['end'] }).nodes;
        } else if (body.stopper !== 'end') {
          throw new TemplateError('a range is not closed ({{ end }})');
        }
        nodes.push({ type: 'range', pipeline, body: body.nodes, otherwise });
      } else if (keyword === 'define' || keyword === 'block') {
        const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(.*)$/s.exec(rest);
        if (!m) throw new TemplateError(`a ${keyword} without a name`);
        const name = m[1].slice(1, -1);
        const body = parseNodes({ stop: ['end'] });
        if (body.stopper !== 'end')
          throw new TemplateError(`${keyword} "${name}" is not closed`);
        defines.set(name, body.nodes);
        if (keyword === 'block') {
          nodes.push({
            type: 'template',
            name,
            pipeline: m[2] ? parsePipeline(m[2]) : undefined,
          });
        }
      } else if (keyword === 'template') {
        const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(.*)$/s.exec(rest);
        if (!m) throw new TemplateError('a template without a name');
        nodes.push({
          type: 'template',
          name: m[1].slice(1, -1),
          pipeline: m[2] ? parsePipeline(m[2]) : undefined,
        });
      } else {
        nodes.push({ type: 'output', pipeline: parsePipeline(action) });
      }
    }
    if (frame.stop.length > 0)
      throw new TemplateError('a block is not closed ({{ end }})');
    return { nodes };
  }

  function parseBranch(keyword: 'if' | 'with', rest: string): Node {
    const pipeline = parsePipeline(rest);
    const then = parseNodes({ stop: ['end', 'else'] });
    let otherwise: Node[] = [];
    if (then.stopper && then.stopper !== 'end') {
      const elseRest = then.stopper.slice('else'.length).trim();
      const chained = /^(if|with)\b\s*(.*)$/s.exec(elseRest);
      if (chained) {
        // `else if` / `else with`: a nested branch that shares this one's `end`.
        otherwise = [parseBranch(chained[1] as 'if' | 'with', chained[2])];
      } else {
        const tail = parseNodes({ stop: ['end'] });
        if (tail.stopper !== 'end')
          throw new TemplateError(`an ${keyword} is not closed ({{ end }})`);
        otherwise = tail.nodes;
      }
    } else if (then.stopper !== 'end') {
      throw new TemplateError(`an ${keyword} is not closed ({{ end }})`);
    }
    return { type: keyword, pipeline, then: then.nodes, otherwise };
  }

  const { nodes } = parseNodes({ stop: [] });
  return { nodes, defines };
}
