/*
 * Evaluates a parsed Go template as Helm does (`missingkey=zero`, nil printed as nothing) with
 * the functions charts actually use: Go's built-ins, the Sprig functions common in charts, and
 * Helm's `include`, `tpl`, `toYaml`, `required`, `lookup`. Repository content is untrusted:
 * nothing is executed, only walked, and every render is bounded in steps, depth and output. A
 * function this file does not know, or a feature that needs a cluster or the chart's other
 * files, raises a TemplateError naming it, so that the template is reported as not evaluated
 * rather than guessed.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import {
  Arg,
  Command,
  Node,
  Pipeline,
  TemplateError,
  parseTemplate,
} from './parse';

/** How much one render may cost. */
export interface RenderLimits {
  /** Nodes and function calls evaluated. */
  maxSteps: number;
  /** Characters of output. */
  maxOutput: number;
  /** Nested `include`/`template`/`tpl` calls. */
  maxDepth: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  maxSteps: 400_000,
  maxOutput: 1_000_000,
  maxDepth: 60,
};

type Value = unknown;

/** What `range`'s `break` and `continue` throw to the loop. */
class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** Keys that would reach an object's prototype: never written from chart text. */
export function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function isMap(value: Value): value is Record<string, Value> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Function)
  );
}

/** Go's notion of truth: the zero value and empty collections are false. */
export function truthy(value: Value): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n);
}

/** How Go prints a value into a template's output. */
export function printed(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printed).join(' ')}]`;
  if (isMap(value)) {
    return `map[${Object.keys(value)
      .sort()
      .map(k => `${k}:${printed(value[k])}`)
      .join(' ')}]`;
  }
  return String(value);
}

/** `toYaml`: sorted keys, as sigs.k8s.io/yaml writes them, without the final newline. */
export function toYaml(value: Value): string {
  if (value === null || value === undefined) return 'null';
  return stringify(value, {
    sortMapEntries: true,
    lineWidth: 0,
    indentSeq: false,
    aliasDuplicateObjects: false,
  }).replace(/\n$/, '');
}

function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

function toInt(value: Value): number {
  return Math.trunc(toNumber(value));
}

function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(
    /%([-+ #0]*)(\d+)?(?:\.(\d+))?([%vsdqftxXbeEgGT])/g,
    (_match, _flags, _width, precision, verb) => {
      if (verb === '%') return '%';
      const arg = args[i++];
      switch (verb) {
        case 'd':
          return String(toInt(arg));
        case 'f':
          return toNumber(arg).toFixed(precision ? Number(precision) : 6);
        case 'q':
          return JSON.stringify(printed(arg));
        case 'x':
          return typeof arg === 'number'
            ? arg.toString(16)
            : Buffer.from(printed(arg)).toString('hex');
        case 'T':
          return typeof arg;
        default:
          return printed(arg);
      }
    },
  );
}

function list(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new TemplateError(`a list was expected, not ${typeof value}`);
}

function str(value: Value): string {
  return printed(value);
}

function deepMerge(
  target: Record<string, Value>,
  source: Record<string, Value>,
  overwrite: boolean,
): Record<string, Value> {
  for (const [k, v] of Object.entries(source)) {
    if (isUnsafeKey(k)) continue;
    if (isMap(target[k]) && isMap(v))
      deepMerge(target[k] as Record<string, Value>, v, overwrite);
    else if (
      overwrite ||
      !(k in target) ||
      target[k] === null ||
      target[k] === undefined
    )
      target[k] = clone(v);
  }
  return target;
}

export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isMap(value)) {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(value))
      if (!isUnsafeKey(k)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

/** Compares versions as `semverCompare` does, for the constraints charts write (`>=1.19-0`). */
function semverCompare(constraint: string, version: string): boolean {
  const parse = (v: string) =>
    v
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map(n => Number(n) || 0);
  const cmp = (a: number[], b: number[]) => {
    for (let k = 0; k < 3; k++) {
      const d = (a[k] ?? 0) - (b[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const have = parse(version);
  return constraint.split(/\s*,\s*|\s+(?=[<>=!~^])/).every(part => {
    const m = /^(>=|<=|>|<|=|!=|~|\^)?\s*v?([\dx*.]+)/.exec(part.trim());
    if (!m) return true;
    const want = parse(m[2].replace(/[x*]/g, '0'));
    const d = cmp(have, want);
    switch (m[1]) {
      case '>=':
        return d >= 0;
      case '<=':
        return d <= 0;
      case '>':
        return d > 0;
      case '<':
        return d < 0;
      case '!=':
        return d !== 0;
      case '~':
        return d >= 0 && have[0] === want[0] && have[1] === want[1];
      case '^':
        return d >= 0 && have[0] === want[0];
      default:
        return d === 0;
    }
  });
}

/** A bounded RegExp from chart text: Go's RE2 syntax is close enough for what charts match. */
function regex(pattern: string, flags = ''): RegExp {
  if (pattern.length > 500)
    throw new TemplateError('a regular expression longer than 500 characters');
  try {
    return new RegExp(pattern, flags);
  } catch {
    throw new TemplateError(
      `an invalid regular expression ${JSON.stringify(pattern)}`,
    );
  }
}

type Fn = (this: Evaluator, ...args: Value[]) => Value;

const FUNCTIONS: Record<string, Fn> = {
  // Go's built-ins
  and(...args) {
    for (const a of args) if (!truthy(a)) return a;
    return args[args.length - 1];
  },
  or(...args) {
    for (const a of args) if (truthy(a)) return a;
    return args[args.length - 1];
  },
  not: a => !truthy(a),
  len(a) {
    if (typeof a === 'string' || Array.isArray(a)) return a.length;
    return isMap(a) ? Object.keys(a).length : 0;
  },
  index(collection, ...keys) {
    let current = collection;
    for (const key of keys) {
      if (Array.isArray(current)) current = current[toInt(key)];
      else if (isMap(current)) current = current[str(key)];
      else return null;
    }
    return current ?? null;
  },
  print: (...args) => args.map(printed).join(''),
  println: (...args) => `${args.map(printed).join(' ')}\n`,
  printf: (format, ...args) => sprintf(str(format), args),
  eq: (a, ...bs) =>
    bs.some(
      b =>
        a === b ||
        ((a === null || a === undefined) && (b === null || b === undefined)),
    ),
  ne: (a, b) => a !== b,
  lt: (a, b) =>
    typeof a === 'string' ? a < str(b) : toNumber(a) < toNumber(b),
  le: (a, b) =>
    typeof a === 'string' ? a <= str(b) : toNumber(a) <= toNumber(b),
  gt: (a, b) =>
    typeof a === 'string' ? a > str(b) : toNumber(a) > toNumber(b),
  ge: (a, b) =>
    typeof a === 'string' ? a >= str(b) : toNumber(a) >= toNumber(b),
  urlquery: a => encodeURIComponent(str(a)),
  // Sprig: defaults and flow
  default: (fallback, value) => (truthy(value) ? value : fallback),
  empty: a => !truthy(a),
  coalesce: (...args) => args.find(truthy) ?? null,
  ternary: (a, b, condition) => (truthy(condition) ? a : b),
  required(message, value) {
    if (value === null || value === undefined || value === '')
      throw new TemplateError(`required: ${str(message)}`);
    return value;
  },
  fail(message) {
    throw new TemplateError(`fail: ${str(message)}`);
  },
  // Helm
  include(name, data) {
    return this.include(str(name), data);
  },
  tpl(text, data) {
    return this.tpl(str(text), data);
  },
  toYaml: a => toYaml(a),
  toJson: a => JSON.stringify(a ?? null),
  toPrettyJson: a => JSON.stringify(a ?? null, null, 2),
  toRawJson: a => JSON.stringify(a ?? null),
  fromYaml(a) {
    throw new TemplateError(
      `fromYaml is not evaluated (${str(a).slice(0, 40)})`,
    );
  },
  fromJson(a) {
    try {
      return JSON.parse(str(a));
    } catch {
      return {};
    }
  },
  // Helm answers `lookup` with an empty map when it renders without a cluster.
  lookup: () => ({}),
  // strings
  quote: (...args) => args.map(a => JSON.stringify(str(a))).join(' '),
  squote: (...args) => args.map(a => `'${str(a)}'`).join(' '),
  indent: (n, text) =>
    str(text)
      .split('\n')
      .map(line => ' '.repeat(Math.min(toInt(n), 200)) + line)
      .join('\n'),
  nindent: (n, text) =>
    `\n${str(text)
      .split('\n')
      .map(line => ' '.repeat(Math.min(toInt(n), 200)) + line)
      .join('\n')}`,
  trim: a => str(a).trim(),
  trimAll: (cut, a) => {
    const chars = [...str(cut)];
    let s = str(a);
    while (s && chars.includes(s[0])) s = s.slice(1);
    while (s && chars.includes(s[s.length - 1])) s = s.slice(0, -1);
    return s;
  },
  trimPrefix: (prefix, a) =>
    str(a).startsWith(str(prefix)) ? str(a).slice(str(prefix).length) : str(a),
  trimSuffix: (suffix, a) =>
    str(suffix) && str(a).endsWith(str(suffix))
      ? str(a).slice(0, -str(suffix).length)
      : str(a),
  trunc: (n, a) => {
    const count = toInt(n);
    const s = str(a);
    return count >= 0 ? s.slice(0, count) : s.slice(count);
  },
  upper: a => str(a).toUpperCase(),
  lower: a => str(a).toLowerCase(),
  title: a => str(a).replace(/\b\w/g, c => c.toUpperCase()),
  replace: (from, to, a) => str(a).split(str(from)).join(str(to)),
  contains: (needle, a) => str(a).includes(str(needle)),
  hasPrefix: (prefix, a) => str(a).startsWith(str(prefix)),
  hasSuffix: (suffix, a) => str(a).endsWith(str(suffix)),
  repeat: (n, a) => str(a).repeat(Math.max(0, Math.min(toInt(n), 1000))),
  substr: (start, end, a) => str(a).slice(toInt(start), toInt(end)),
  nospace: a => str(a).replace(/\s+/g, ''),
  cat: (...args) =>
    args
      .filter(a => a !== null && a !== undefined)
      .map(printed)
      .join(' '),
  kebabcase: a =>
    str(a)
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[\s_]+/g, '-')
      .toLowerCase(),
  snakecase: a =>
    str(a)
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[\s-]+/g, '_')
      .toLowerCase(),
  camelcase: a =>
    str(a).replace(/(?:^|[_-])(\w)/g, (_m, c: string) => c.toUpperCase()),
  splitList: (sep, a) => str(a).split(str(sep)),
  split: (sep, a) =>
    Object.fromEntries(
      str(a)
        .split(str(sep))
        .map((v, i) => [`_${i}`, v]),
    ),
  join: (sep, a) => list(a).map(printed).join(str(sep)),
  sha256sum: a => createHash('sha256').update(str(a)).digest('hex'),
  sha1sum: a => createHash('sha1').update(str(a)).digest('hex'),
  b64enc: a => Buffer.from(str(a)).toString('base64'),
  b64dec: a => Buffer.from(str(a), 'base64').toString('utf8'),
  // Deterministic stand-ins: a render must not differ from one read to the next.
  randAlphaNum: n => 'x'.repeat(Math.max(0, Math.min(toInt(n), 100))),
  randAlpha: n => 'x'.repeat(Math.max(0, Math.min(toInt(n), 100))),
  uuidv4: () => '00000000-0000-4000-8000-000000000000',
  regexMatch: (pattern, a) => regex(str(pattern)).test(str(a)),
  regexFind: (pattern, a) => regex(str(pattern)).exec(str(a))?.[0] ?? '',
  regexReplaceAll: (pattern, a, to) =>
    str(a).replace(
      regex(str(pattern), 'g'),
      str(to).replace(/\$\{?(\d+)\}?/g, '$$$1'),
    ),
  regexReplaceAllLiteral: (pattern, a, to) =>
    str(a).replace(regex(str(pattern), 'g'), () => str(to)),
  mustRegexReplaceAllLiteral: (pattern, a, to) =>
    str(a).replace(regex(str(pattern), 'g'), () => str(to)),
  semverCompare: (constraint, version) =>
    semverCompare(str(constraint), str(version)),
  // conversions
  int: a => toInt(a),
  int64: a => toInt(a),
  float64: a => toNumber(a),
  atoi: a => toInt(a),
  toString: (a: Value) => printed(a),
  toStrings: a => list(a).map(printed),
  toDecimal: a => toInt(a),
  // numbers
  add: (...args) => args.reduce((s: number, a) => s + toNumber(a), 0),
  add1: a => toNumber(a) + 1,
  sub: (a, b) => toNumber(a) - toNumber(b),
  mul: (...args) => args.reduce((s: number, a) => s * toNumber(a), 1),
  div: (a, b) => Math.trunc(toNumber(a) / (toNumber(b) || 1)),
  mod: (a, b) => toNumber(a) % (toNumber(b) || 1),
  max: (...args) => Math.max(...args.map(toNumber)),
  min: (...args) => Math.min(...args.map(toNumber)),
  floor: a => Math.floor(toNumber(a)),
  ceil: a => Math.ceil(toNumber(a)),
  until: n =>
    Array.from(
      { length: Math.max(0, Math.min(toInt(n), 10_000)) },
      (_, i) => i,
    ),
  untilStep(start, stop, step) {
    const out: number[] = [];
    const s = toInt(step) || 1;
    for (
      let i = toInt(start);
      s > 0 ? i < toInt(stop) : i > toInt(stop);
      i += s
    ) {
      out.push(i);
      if (out.length > 10_000) break;
    }
    return out;
  },
  // lists
  list: (...args) => args,
  append: (l, a) => [...list(l), a],
  mustAppend: (l, a) => [...list(l), a],
  prepend: (l, a) => [a, ...list(l)],
  concat: (...ls) => ls.flatMap(list),
  first: l => list(l)[0] ?? null,
  last: l => list(l)[list(l).length - 1] ?? null,
  rest: l => list(l).slice(1),
  initial: l => list(l).slice(0, -1),
  uniq: l => [...new Set(list(l))],
  compact: l => list(l).filter(truthy),
  without: (l, ...omit) => list(l).filter(v => !omit.includes(v)),
  has: (needle, l) => list(l).includes(needle),
  sortAlpha: l => list(l).map(printed).sort(),
  // maps
  dict(...args) {
    const out: Record<string, Value> = {};
    for (let i = 0; i + 1 < args.length; i += 2)
      if (!isUnsafeKey(str(args[i]))) out[str(args[i])] = args[i + 1];
    return out;
  },
  get: (m, k) => (isMap(m) ? (m[str(k)] ?? '') : ''),
  set(m, k, v) {
    if (isMap(m) && !isUnsafeKey(str(k))) m[str(k)] = v;
    return m;
  },
  unset(m, k) {
    if (isMap(m)) delete m[str(k)];
    return m;
  },
  hasKey: (m, k) => isMap(m) && Object.prototype.hasOwnProperty.call(m, str(k)),
  keys: (...ms) => ms.flatMap(m => (isMap(m) ? Object.keys(m) : [])),
  values: m => (isMap(m) ? Object.values(m) : []),
  pick(m, ...ks) {
    const out: Record<string, Value> = {};
    if (isMap(m)) for (const k of ks.map(str)) if (k in m) out[k] = m[k];
    return out;
  },
  omit(m, ...ks) {
    const out: Record<string, Value> = {};
    const drop = ks.map(str);
    if (isMap(m))
      for (const [k, v] of Object.entries(m)) if (!drop.includes(k)) out[k] = v;
    return out;
  },
  merge(target, ...sources) {
    const out = isMap(target) ? target : {};
    for (const s of sources) if (isMap(s)) deepMerge(out, s, false);
    return out;
  },
  mergeOverwrite(target, ...sources) {
    const out = isMap(target) ? target : {};
    for (const s of sources) if (isMap(s)) deepMerge(out, s, true);
    return out;
  },
  deepCopy: a => clone(a),
  // types
  kindIs: (kind, a) => kindOf(a) === str(kind),
  kindOf: a => kindOf(a),
  typeOf: a => kindOf(a),
  typeIs: (kind, a) => kindOf(a) === str(kind),
};

/** A function of the table by name; never an inherited member (`constructor`, `__proto__`). */
function functionNamed(name: string): Fn | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name)
    ? FUNCTIONS[name]
    : undefined;
}

function kindOf(a: Value): string {
  if (a === null || a === undefined) return 'invalid';
  if (typeof a === 'string') return 'string';
  if (typeof a === 'boolean') return 'bool';
  if (typeof a === 'number') return Number.isInteger(a) ? 'int' : 'float64';
  if (Array.isArray(a)) return 'slice';
  if (isMap(a)) return 'map';
  return 'invalid';
}

/** The evaluator of one chart's templates: its `define`s, and the budget of one render. */
export class Evaluator {
  private steps = 0;
  private depth = 0;
  private output = 0;

  constructor(
    private readonly defines: Map<string, Node[]>,
    private readonly root: Value,
    private readonly limits: RenderLimits = DEFAULT_RENDER_LIMITS,
  ) {}

  private step(): void {
    this.steps += 1;
    if (this.steps > this.limits.maxSteps)
      throw new TemplateError(
        `the render took more than ${this.limits.maxSteps} steps`,
      );
  }

  /** Renders nodes with `dot` as `.`. */
  render(nodes: Node[], dot: Value): string {
    return this.nodes(nodes, dot, [new Map([['$', this.root]])]);
  }

  include(name: string, data: Value): string {
    const body = this.defines.get(name);
    if (!body) throw new TemplateError(`template "${name}" is not defined`);
    return this.nested(() => this.nodes(body, data, [new Map([['$', data]])]));
  }

  tpl(text: string, data: Value): string {
    if (text.length > 100_000)
      throw new TemplateError('tpl of a text past 100 kB');
    const parsed = parseTemplate(text);
    for (const [name, body] of parsed.defines) this.defines.set(name, body);
    return this.nested(() =>
      this.nodes(parsed.nodes, data, [new Map([['$', this.root]])]),
    );
  }

  private nested(fn: () => string): string {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth)
      throw new TemplateError(
        `templates include each other more than ${this.limits.maxDepth} deep`,
      );
    try {
      return fn();
    } finally {
      this.depth -= 1;
    }
  }

  private emit(text: string): string {
    this.output += text.length;
    if (this.output > this.limits.maxOutput)
      throw new TemplateError(
        `the render wrote more than ${this.limits.maxOutput} characters`,
      );
    return text;
  }

  private nodes(
    nodes: Node[],
    dot: Value,
    scopes: Map<string, Value>[],
  ): string {
    let out = '';
    const scope = [...scopes, new Map<string, Value>()];
    for (const node of nodes) {
      this.step();
      switch (node.type) {
        case 'text':
          out += this.emit(node.text);
          break;
        case 'output': {
          const value = this.pipeline(node.pipeline, dot, scope);
          if (!node.pipeline.declare) out += this.emit(printed(value));
          break;
        }
        case 'if': {
          const value = this.pipeline(node.pipeline, dot, scope);
          out += this.nodes(
            truthy(value) ? node.then : node.otherwise,
            dot,
            scope,
          );
          break;
        }
        case 'with': {
          const value = this.pipeline(node.pipeline, dot, scope);
          out += truthy(value)
            ? this.nodes(node.then, value, scope)
            : this.nodes(node.otherwise, dot, scope);
          break;
        }
        case 'range':
          out += this.range(node, dot, scope);
          break;
        case 'template': {
          const data = node.pipeline
            ? this.pipeline(node.pipeline, dot, scope)
            : null;
          out += this.emit(this.include(node.name, data));
          break;
        }
        case 'break':
        case 'continue':
          throw new LoopControl(node.type);
        default:
      }
    }
    return out;
  }

  private range(
    node: Extract<Node, { type: 'range' }>,
    dot: Value,
    scopes: Map<string, Value>[],
  ): string {
    const names = node.pipeline.declare?.names ?? [];
    const collection = this.pipeline(
      { commands: node.pipeline.commands },
      dot,
      scopes,
    );
    let entries: [Value, Value][];
    if (Array.isArray(collection)) entries = collection.map((v, i) => [i, v]);
    else if (isMap(collection))
      entries = Object.keys(collection)
        .sort()
        .map(k => [k, collection[k]]);
    else if (typeof collection === 'number')
      entries = Array.from(
        { length: Math.min(toInt(collection), 10_000) },
        (_, i) => [i, i],
      );
    else entries = [];
    if (entries.length === 0) return this.nodes(node.otherwise, dot, scopes);
    let out = '';
    for (const [key, value] of entries) {
      const scope = new Map<string, Value>();
      if (names.length === 1) scope.set(names[0], value);
      if (names.length === 2) {
        scope.set(names[0], key);
        scope.set(names[1], value);
      }
      try {
        out += this.nodes(node.body, value, [...scopes, scope]);
      } catch (control) {
        if (!(control instanceof LoopControl)) throw control;
        if (control.kind === 'break') break;
      }
    }
    return out;
  }

  private pipeline(
    pipeline: Pipeline,
    dot: Value,
    scopes: Map<string, Value>[],
  ): Value {
    let value: Value = undefined;
    let first = true;
    for (const command of pipeline.commands) {
      value = this.command(command, dot, scopes, first ? undefined : [value]);
      first = false;
    }
    if (pipeline.declare) {
      const [name] = pipeline.declare.names;
      if (pipeline.declare.assign) {
        const holder = [...scopes].reverse().find(s => s.has(name));
        if (!holder)
          throw new TemplateError(`variable ${name} is not declared`);
        holder.set(name, value);
      } else {
        scopes[scopes.length - 1].set(name, value);
      }
    }
    return value;
  }

  private command(
    command: Command,
    dot: Value,
    scopes: Map<string, Value>[],
    piped?: Value[],
  ): Value {
    this.step();
    if (command.fn) {
      const fn = functionNamed(command.fn);
      if (!fn)
        throw new TemplateError(
          `the function "${command.fn}" is not supported`,
        );
      // `and`/`or` stop at the first deciding argument, as Go does (guards rely on it).
      if (command.fn === 'and' || command.fn === 'or') {
        const wanted = command.fn === 'or';
        let last: Value = null;
        for (const arg of command.args) {
          last = this.arg(arg, dot, scopes);
          if (truthy(last) === wanted) return last;
        }
        if (piped) last = piped[0];
        return last;
      }
      const args = command.args.map(a => this.arg(a, dot, scopes));
      if (piped) args.push(piped[0]);
      return fn.apply(this, args);
    }
    const [head, ...rest] = command.args;
    const value = this.arg(head, dot, scopes);
    if (typeof value === 'function') {
      const args = rest.map(a => this.arg(a, dot, scopes));
      if (piped) args.push(piped[0]);
      return (value as (...a: Value[]) => Value)(...args);
    }
    if (rest.length > 0 || piped)
      throw new TemplateError('a value cannot be called with arguments');
    return value;
  }

  private arg(arg: Arg, dot: Value, scopes: Map<string, Value>[]): Value {
    switch (arg.type) {
      case 'literal':
        return arg.value;
      case 'ident': {
        const fn = functionNamed(arg.name);
        if (!fn)
          throw new TemplateError(
            `the function "${arg.name}" is not supported`,
          );
        return fn.apply(this, []);
      }
      case 'pipe':
        return fieldOf(this.pipeline(arg.pipeline, dot, scopes), arg.path);
      case 'field': {
        let base: Value;
        if (arg.base === 'dot') base = dot;
        else if (arg.base === 'root') base = this.root;
        else {
          const holder = [...scopes].reverse().find(s => s.has(arg.base));
          if (!holder)
            throw new TemplateError(`variable ${arg.base} is not declared`);
          base = holder.get(arg.base);
        }
        return fieldOf(base, arg.path);
      }
      default:
        return null;
    }
  }
}

function fieldOf(base: Value, path: string[]): Value {
  let current = base;
  for (const key of path) {
    if (isMap(current)) {
      current = Object.prototype.hasOwnProperty.call(current, key)
        ? current[key]
        : null;
    } else if (current === null || current === undefined) {
      return null;
    } else {
      throw new TemplateError(`a ${kindOf(current)} has no field ${key}`);
    }
  }
  return current;
}
