/**
 * Reading and writing model files: JSON (`.json`) or YAML (`.yaml`, `.yml`), see the model-file
 * format in the README. Reading turns syntax errors into `file:line:column` problems and hands
 * the parsed value to `parseModelDocument`; writing emits the normalised document with every
 * field explicit, in a stable key order, so that it parses back to an equal document.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { LineCounter, Parser, parseDocument, stringify as stringifyYaml, type CST } from 'yaml';
import { badInput, type GoalnetError, type Problem } from '../model/errors.js';
import type { ModelDocument } from '../model/types.js';
import { assertValidDocument, MODEL_FIELDS, MODEL_SECTIONS, parseModelDocument } from '../model/validate.js';

export type ModelFormat = 'json' | 'yaml';

/** The format of a model file from its extension (case-insensitive), or undefined. */
export function modelFormatOf(path: string): ModelFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

/**
 * Reads and validates a model file. The format comes from the extension: `.json`, `.yaml` or
 * `.yml`. A UTF-8 byte-order mark is ignored. Throws `badInput` for an unknown extension, a file
 * that cannot be read (naming the path), a syntax error (`path:line:column` and the parser's
 * message) and every problem `parseModelDocument` finds (`path: json.path`).
 */
export async function readModelFile(path: string): Promise<ModelDocument> {
  const format = modelFormatOf(path);
  if (format === undefined) {
    throw badInput(`Cannot read model file ${path}`, [
      {
        where: path,
        message: `unknown model file type ${JSON.stringify(extname(path) || '(no extension)')}; use a .json, .yaml or .yml file`,
      },
    ]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseModelText(text, format, path);
}

function unreadable(path: string, error: unknown): GoalnetError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const absolute = resolve(path);
  let message: string;
  switch (code) {
    case 'ENOENT':
      message = `no such file${absolute === path ? '' : ` (looked for ${absolute})`}; check the path`;
      break;
    case 'EISDIR':
      message = 'is a directory; give the path of a .json or .yaml model file';
      break;
    case 'EACCES':
    case 'EPERM':
      message = 'permission denied; make the file readable or copy it somewhere readable';
      break;
    default:
      message = `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
  return badInput(`Cannot read model file ${path}`, [{ where: path, message }]);
}

/**
 * Parses and validates a model given as text (e.g. through the API). `source` names it in
 * problems (a file name, or e.g. `input`). A leading UTF-8 byte-order mark is ignored. JSON with
 * a key repeated in one object is refused (JSON parsers silently keep only the last one).
 */
export function parseModelText(text: string, format: ModelFormat, source: string): ModelDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const raw = format === 'json' ? parseJsonText(body, source) : parseYamlText(body, source);
  return parseModelDocument(raw, source);
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

function parseJsonText(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const parserMessage = error instanceof Error ? error.message : String(error);
    // V8 gives "at position N" for most errors but not for "Unexpected token"; our own scanner
    // finds the offset for those (and for the end of input).
    const stated = /at position (\d+)/.exec(parserMessage);
    const offset = stated !== null ? Number(stated[1]) : (scanJson(text).error?.offset ?? text.length);
    const { line, column } = lineColumn(text, offset);
    throw badInput(`${source} is not valid JSON`, [
      {
        where: `${source}:${line}:${column}`,
        message: `${cleanJsonMessage(parserMessage)}; check for a missing or extra comma, quote, bracket or brace there or just before`,
      },
    ]);
  }
  const duplicates = scanJson(text).duplicates;
  if (duplicates.length > 0) {
    const problems: Problem[] = duplicates.map((d) => {
      const at = lineColumn(text, d.offset);
      const first = lineColumn(text, d.firstOffset);
      return {
        where: `${source}:${at.line}:${at.column}`,
        message: `key ${JSON.stringify(d.key)} appears twice in the same object (first at ${first.line}:${first.column}); JSON would keep only the last one: merge or remove one of them`,
      };
    });
    throw badInput(`${source} has repeated keys`, problems);
  }
  return value;
}

/** The parser's message without V8's position suffix and quoted source excerpt. */
function cleanJsonMessage(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 1-based line and column (in UTF-16 code units) of an offset; lines end at \n, \r\n or \r. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

interface JsonScan {
  /** The first syntax error: its offset and what was expected. */
  error?: { offset: number; message: string };
  /** Keys repeated within one object: the repetition's offset and the first one's. */
  duplicates: { key: string; offset: number; firstOffset: number }[];
}

/**
 * A JSON (RFC 8259) syntax scanner that builds no values: it finds the offset of the first
 * syntax error and the keys repeated within an object. Iterative, so deep nesting cannot
 * overflow the stack.
 */
function scanJson(text: string): JsonScan {
  const duplicates: JsonScan['duplicates'] = [];
  let i = 0;
  const n = text.length;
  const fail = (message: string): JsonScan => ({ error: { offset: i, message }, duplicates });
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  /** Scans a string starting at the opening quote; returns false on error (i at the fault). */
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          i++;
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  // Containers being scanned: for objects, the keys seen so far.
  const stack: ({ kind: 'array' } | { kind: 'object'; keys: Map<string, number> })[] = [];
  skipSpace();
  for (;;) {
    // Expect a value at i.
    if (i >= n) return fail('a value');
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      if (c === '{') {
        stack.push({ kind: 'object', keys: new Map() });
        if (text[i] !== '}') {
          const r = scanKey();
          if (r !== undefined) return r;
          continue;
        }
        i++;
        stack.pop();
      } else {
        stack.push({ kind: 'array' });
        if (text[i] !== ']') continue;
        i++;
        stack.pop();
      }
    } else if (c === '"') {
      if (!scanString()) return fail('a valid string');
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else if (c === 't' || c === 'f' || c === 'n') {
      // A broken literal: point at the character where it goes wrong, the one V8 names.
      const literal = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      let k = 0;
      while (text[i + k] === literal[k]) k++;
      i += k;
      return fail('a value');
    } else {
      number.lastIndex = i;
      const m = number.exec(text);
      if (m === null) return fail('a value');
      i += m[0].length;
    }
    // A value ended at i: close containers, or move on to the next element.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return i < n ? fail('the end of the input') : { duplicates };
      }
      const d = text[i];
      if (d === ',') {
        i++;
        skipSpace();
        if (top.kind === 'object') {
          const r = scanKey();
          if (r !== undefined) return r;
        }
        break;
      }
      if ((top.kind === 'object' && d === '}') || (top.kind === 'array' && d === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top.kind === 'object' ? `',' or '}'` : `',' or ']'`);
    }
  }

  /** Scans `"key" :` at i inside the innermost object; returns a failure or undefined. */
  function scanKey(): JsonScan | undefined {
    const top = stack[stack.length - 1];
    if (text[i] !== '"' || top === undefined || top.kind !== 'object') return fail('a property name in double quotes');
    const start = i;
    if (!scanString()) return fail('a valid string');
    const key = JSON.parse(text.slice(start, i)) as string;
    const first = top.keys.get(key);
    if (first === undefined) top.keys.set(key, start);
    else duplicates.push({ key, offset: start, firstOffset: first });
    skipSpace();
    if (text[i] !== ':') return fail(`':'`);
    i++;
    skipSpace();
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------------

/**
 * Deepest nesting of collections accepted in YAML. A model file needs four levels (the top map, a
 * section, an entity, a list of ids); the limit only stops text that is nested absurdly deep.
 */
export const YAML_MAX_DEPTH = 64;

/**
 * Where the YAML text nests collections deeper than `YAML_MAX_DEPTH`, or undefined. Found on the
 * syntax tree, which the yaml package builds without recursion: building values from it does
 * recurse, and a stack overflow there (at about 800 levels) can leave the process unable to
 * compile regular expressions, so that a later read kills it.
 */
function yamlTooDeepAt(text: string): { line: number; col: number } | undefined {
  const counter = new LineCounter();
  const pending: [CST.Token | null | undefined, number][] = [];
  for (const token of new Parser(counter.addNewLine).parse(text)) if (token.type === 'document') pending.push([token.value, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (token === null || token === undefined) continue;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > YAML_MAX_DEPTH) return counter.linePos(token.offset);
    for (const item of token.items) {
      pending.push([(item as { key?: CST.Token | null }).key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

function parseYamlText(text: string, source: string): unknown {
  const deep = yamlTooDeepAt(text);
  if (deep !== undefined) {
    throw badInput(`${source} is not valid YAML`, [
      {
        where: `${source}:${deep.line}:${deep.col}`,
        message: `collections are nested more than ${YAML_MAX_DEPTH} levels deep here; a model file needs only a few levels: check the brackets and indentation`,
      },
    ]);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const where = pos === undefined ? source : `${source}:${pos.line}:${pos.col}`;
      // The yaml package appends " at line L, column C:" and an excerpt; keep the first sentence.
      const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { where, message: `${message}; fix the YAML there` };
    });
    throw badInput(`${source} is not valid YAML`, problems);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw badInput(`${source} is not valid YAML`, [
      { where: source, message: `${error instanceof Error ? error.message : String(error)}; simplify the file` },
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/**
 * The document as a plain object with every section and every field written explicitly (only
 * absent optional fields — model and goal `description`, goal `parent` — are left out), keys in
 * the order of `MODEL_SECTIONS` and `MODEL_FIELDS`, entities in document order. Extra
 * properties a store may carry are not written.
 */
export function canonicalModel(doc: ModelDocument): Record<string, unknown> {
  const pick = (value: object, fields: readonly string[]): Record<string, unknown> => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const v = source[field];
      if (v === undefined || v === null) continue;
      out[field] = Array.isArray(v) ? [...(v as unknown[])] : v;
    }
    return out;
  };
  const out: Record<string, unknown> = {};
  for (const section of MODEL_SECTIONS) {
    switch (section) {
      case 'model':
        out.model = pick(doc.model, MODEL_FIELDS.model);
        break;
      case 'goals':
        out.goals = doc.goals.map((x) => pick(x, MODEL_FIELDS.goal));
        break;
      case 'actors':
        out.actors = doc.actors.map((x) => pick(x, MODEL_FIELDS.actor));
        break;
      case 'touchpoints':
        out.touchpoints = doc.touchpoints.map((x) => pick(x, MODEL_FIELDS.touchpoint));
        break;
      case 'activities':
        out.activities = doc.activities.map((x) => pick(x, MODEL_FIELDS.activity));
        break;
      case 'partnerships':
        out.partnerships = doc.partnerships.map((x) => pick(x, MODEL_FIELDS.partnership));
        break;
      case 'segments':
        out.segments = doc.segments.map((x) => pick(x, MODEL_FIELDS.segment));
        break;
    }
  }
  return out;
}

/**
 * The normalised document as JSON text (2-space indent, trailing newline), see `canonicalModel`.
 * `parseModelText(serializeModel(doc), 'json', …)` gives back a document equal to `doc` when
 * `doc` is a valid normalised document. Does not validate.
 */
export function serializeModel(doc: ModelDocument): string {
  return `${JSON.stringify(canonicalModel(doc), null, 2)}\n`;
}

/**
 * Validates the document (throws `badInput` without writing when it is not valid) and writes it
 * to `path`: YAML when the extension is `.yaml`/`.yml`, JSON otherwise. The file is written
 * whole or not at all (a temporary file beside it, then renamed).
 */
export async function writeModelFile(path: string, doc: ModelDocument): Promise<void> {
  assertValidDocument(doc, path);
  const text =
    modelFormatOf(path) === 'yaml' ? stringifyYaml(canonicalModel(doc), { lineWidth: 0 }) : serializeModel(doc);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw badInput(`Cannot write model file ${path}`, [
      { where: path, message: `${error instanceof Error ? error.message : String(error)}; check the directory exists and is writable` },
    ]);
  }
}
