/** Config text -> plain object: `nbcraft.json` (JSON) or `pyproject.toml` (`[tool.nbcraft]`). */
import { parse as parseToml, TomlError } from 'smol-toml';
import { JsonSyntaxError, scanNotebookJson } from '../notebook/jsonScan';
import { ConfigError } from './errors';

export const CONFIG_FILE_NAMES = ['nbcraft.json', 'pyproject.toml'] as const;

function lineColumnAt(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

/**
 * Whether a pyproject.toml's text has a `[tool.nbcraft]` (or `[tool.nbcraft.x]`) table header,
 * told without parsing it: for a file that is only mentioned, never used (the CLI's config walk
 * passing over a folder of another user). Blanks only within a line, so linear in the text.
 */
export function hasNbcraftTable(text: string): boolean {
  return /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*nbcraft[ \t]*[\].]/m.test(text);
}

/**
 * Returns the nbcraft settings in a config file's text, or null when the file has none
 * (a pyproject.toml without `[tool.nbcraft]`). Throws ConfigError on bad syntax.
 */
export function parseConfigText(fileName: string, text: string): unknown {
  if (/\.toml$/i.test(fileName)) {
    const doc = parseTomlFile(fileName, text);
    const tool = doc.tool as Record<string, unknown> | undefined;
    if (!tool || typeof tool !== 'object' || !('nbcraft' in tool)) {
      return null;
    }
    return plain(tool.nbcraft);
  }
  // a byte order mark, as Windows editors write it, is not part of the JSON
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    const located = jsonSyntaxError(text);
    throw new ConfigError(
      located ? `${fileName}:${lineColumnAt(text, located.offset)}` : fileName,
      '',
      `invalid JSON: ${located?.message ?? firstLine((err as Error).message)}`
    );
  }
  const duplicate = firstDuplicateKey(json);
  if (duplicate) {
    throw new ConfigError(
      `${fileName}:${lineColumnAt(json, duplicate.offset)}`,
      duplicate.key,
      'this key appears twice in its object and JSON keeps only the last one; delete one of them'
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(
      fileName,
      '',
      `the settings must be a JSON object ({"extends": ..., "rules": ...}), found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`
    );
  }
  return value;
}

/**
 * The first key that repeats within one object of valid JSON (JSON.parse silently keeps the
 * last, so a setting written first would be ignored), with its dotted path and offset.
 */
export function firstDuplicateKey(
  json: string
): { key: string; offset: number } | undefined {
  const frames: { keys: Set<string> | null; path: string; key?: string }[] = [];
  const STRING = /"(?:[^"\\]|\\.)*"/y;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    const top = frames.at(-1);
    if (ch === '"') {
      STRING.lastIndex = i;
      const literal = STRING.exec(json)?.[0] ?? '"';
      if (top?.keys && expectKey) {
        const key = JSON.parse(literal) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) return { key: path, offset: i };
        top.keys.add(key);
        top.key = path;
        expectKey = false;
      }
      i += literal.length - 1;
    } else if (ch === '{' || ch === '[') {
      const path = top?.keys ? (top.key ?? '') : (top?.path ?? '');
      frames.push({ keys: ch === '{' ? new Set() : null, path });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      frames.pop();
    } else if (ch === ',') {
      expectKey = top?.keys !== null && top?.keys !== undefined;
    }
  }
  return undefined;
}

/** Where and why JSON is wrong, from the notebook reader's validating scan (V8's messages often do not say where). */
function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    scanNotebookJson(text, false);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err;
  }
  return undefined;
}

/** A TOML file's document; a syntax error is a ConfigError located at `file:line:column`. */
export function parseTomlFile(
  fileName: string,
  text: string
): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (err) {
    const e = err as TomlError;
    const where = e.line ? `:${e.line}:${e.column}` : '';
    throw new ConfigError(
      `${fileName}${where}`,
      '',
      `invalid TOML: ${firstLine(e.message)}`
    );
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** TOML tables come with a null prototype; give zod plain objects and arrays. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, plain(v)])
    );
  }
  return value;
}
