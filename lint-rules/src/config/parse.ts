/** Config text -> plain object: `nbcraft.json` (JSON) or `pyproject.toml` (`[tool.nbcraft]`). */
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError } from './errors';

export const CONFIG_FILE_NAMES = ['nbcraft.json', 'pyproject.toml'] as const;

function lineColumnAt(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
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
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? `:${lineColumnAt(text, Number(pos[1]))}` : '';
    throw new ConfigError(
      `${fileName}${where}`,
      '',
      `invalid JSON: ${firstLine(msg)}`
    );
  }
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
