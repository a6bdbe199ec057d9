/**
 * Finds the project's lint config for a notebook the way `nbcraft lint` does: from the
 * notebook's folder upwards, the first `nbcraft.json`, or `pyproject.toml` holding
 * `[tool.nbcraft]`. File access is injected (the lab passes the Jupyter contents API), so this
 * is plain logic, tested without a server.
 */
import { PathExt } from '@jupyterlab/coreutils';
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

/** The folders from `dir` up to the root, nearest first. */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = dir.replace(/^\/+|\/+$/g, '');
  for (;;) {
    out.push(current);
    if (!current) {
      return out;
    }
    current = PathExt.dirname(current);
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
  for (const dir of ancestors(PathExt.dirname(notebookPath))) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = PathExt.join(dir, name);
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
