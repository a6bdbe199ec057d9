/**
 * Finds the project's lint config for a notebook the way `nbcraft lint` does: from the
 * notebook's folder upwards, the first `nbcraft.json`, or `pyproject.toml` holding
 * `[tool.nbcraft]`. File access is injected (the lab passes the Jupyter contents API), so this
 * is plain logic, tested without a server.
 */
import {
  CONFIG_FILE_NAMES,
  ConfigError,
  parseConfigText
} from '@nbcraft/lint-rules';

/** Reads a text file of the Jupyter root; null when it does not exist. */
export type ReadTextFile = (path: string) => Promise<string | null>;

/** The config file that applies to a notebook, parsed but not yet validated. */
export interface LocatedConfig {
  /** path of the config file in the Jupyter root; null when none was found */
  file: string | null;
  /** folder of the config file ('' = the Jupyter root); globs are relative to it */
  baseDir: string;
  /** the nbcraft settings object from the file ({} when no file) */
  settings: unknown;
  /** the file's text, kept so a change can be detected cheaply */
  text: string | null;
}

/** The folder part of a Jupyter path ('' for the root). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The folders from `dir` up to the root, nearest first. */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = dir.replace(/^\/+|\/+$/g, '');
  for (;;) {
    out.push(current);
    if (!current) {
      return out;
    }
    current = dirname(current);
  }
}

/** `path` relative to `baseDir` (both Jupyter root paths). */
export function relativeTo(baseDir: string, path: string): string {
  if (!baseDir) {
    return path;
  }
  return path.startsWith(`${baseDir}/`) ? path.slice(baseDir.length + 1) : path;
}

/**
 * Finds and parses the config for `notebookPath`. Throws ConfigError (naming the file, and
 * the line for syntax errors) when the file that applies is broken.
 */
export async function locateConfig(
  notebookPath: string,
  readText: ReadTextFile
): Promise<LocatedConfig> {
  for (const dir of ancestors(dirname(notebookPath))) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      const text = await readText(file);
      if (text === null) {
        continue;
      }
      const settings: unknown = parseConfigText(file, text);
      if (settings === null) {
        // a pyproject.toml without [tool.nbcraft] does not stop the search
        continue;
      }
      return { file, baseDir: dir, settings, text };
    }
  }
  return { file: null, baseDir: '', settings: {}, text: null };
}

export { ConfigError };
