/**
 * Where promoted code goes: the project root (the folder of the config file `nbcraft lint`
 * and `nbcraft promote` find, `nbcraft.json` or `pyproject.toml` with `[tool.nbcraft]`, else
 * the Jupyter root), the default module path, and the test folder. File access is injected
 * (the lab passes the contents API), so this is plain logic.
 */
import { PathExt } from '@jupyterlab/coreutils';
import {
  ConfigError,
  DEFAULT_MODULE_TEMPLATE,
  DEFAULT_TESTS_DIR,
  defaultModulePath as libraryModulePath,
  hasTrailingDotOrSpace,
  isSafeRelativePath,
  notebookStem,
  packageFoldersToCheck,
  parseConfigText,
  pathNameRefusal,
  projectPackageName
} from '@nbcraft/lint-rules';

import type { Say } from '../core/translatable';
import { locateConfig, type ReadTextFile } from '../lint/configLocator';
import { promoteText } from './reasonText';

// the path rules are the library's, shared with the `nbcraft promote` CLI
export { hasTrailingDotOrSpace, isSafeRelativePath, notebookStem };

/** The `promote` section of the config (`{ "promote": { "moduleDir", "testsDir" } }`). */
export interface PromoteProjectConfig {
  moduleDir?: string;
  testsDir?: string;
}

/** The nearest config found upwards from the notebook. */
export interface ProjectConfig {
  /** folder (Jupyter-root relative, '' for the root) holding the config; paths are relative to it */
  root: string;
  /** the config file's path, when one was found */
  file?: string;
  promote: PromoteProjectConfig;
  /** a problem reading the config, said by the dialog (the defaults are used meanwhile) */
  problem?: Say;
}

/** Settings of the promote plugin (schema/promote.json). */
export interface PromoteSettings {
  moduleTemplate: string;
  packageName: string;
  testsDir: string;
  openModule: boolean;
  characterizationValues: boolean;
}

export const DEFAULT_SETTINGS: PromoteSettings = {
  moduleTemplate: DEFAULT_MODULE_TEMPLATE,
  packageName: '',
  testsDir: DEFAULT_TESTS_DIR,
  openModule: true,
  characterizationValues: true
};

/** Join path parts, dropping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts
    .flatMap(part => part.split('/'))
    .filter(part => part !== '' && part !== '.')
    .join('/');
}

/** Notebook path relative to the project root (it must lie inside it). */
export function relativeToRoot(path: string, root: string): string {
  if (root === '') {
    return path;
  }
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
}

/**
 * The default module path, relative to the project root, as the CLI computes it too:
 * `<moduleDir>/<stem>.py` when the project config names a module folder, else the settings'
 * template with `{package}` (the setting, else the project folder's name; for the Jupyter
 * root itself, `serverRootName`, the root folder's own name) and `{notebook_stem}`.
 */
export function defaultModulePath(
  notebookPath: string,
  project: ProjectConfig,
  settings: PromoteSettings,
  serverRootName = '',
  projectPackage?: string
): string {
  return libraryModulePath({
    notebookPath,
    projectName: project.root ? PathExt.basename(project.root) : serverRootName,
    projectPackage,
    moduleDir: project.promote.moduleDir,
    template: settings.moduleTemplate,
    packageName: settings.packageName
  });
}

/**
 * The project's package, as the library chooses it (`projectPackageName`: an existing
 * package, then `pyproject.toml`'s `[project] name`, then the folder's name), reading the
 * project's `pyproject.toml` and looking for each candidate's `__init__.py` through the
 * injected readers (the lab's FolderReader: listings, no 404 for what is missing).
 */
export async function findProjectPackage(
  project: ProjectConfig,
  serverRootName: string,
  readText: ReadTextFile,
  isFile: (path: string) => Promise<boolean>
): Promise<string> {
  const folderName = project.root
    ? PathExt.basename(project.root)
    : serverRootName;
  const pyproject = await readText(joinPath(project.root, 'pyproject.toml'));
  const withInit = new Set<string>();
  for (const folder of packageFoldersToCheck(folderName, pyproject)) {
    if (await isFile(joinPath(project.root, folder, '__init__.py'))) {
      withInit.add(folder);
    }
  }
  return projectPackageName(folderName, pyproject, withInit);
}

/** The tests folder, relative to the project root. */
export function defaultTestsDir(
  project: ProjectConfig,
  settings: PromoteSettings
): string {
  return joinPath(project.promote.testsDir ?? settings.testsDir) || 'tests';
}

/**
 * The project config for a notebook: the file `nbcraft promote` uses (the nearest
 * `nbcraft.json`, or `pyproject.toml` holding `[tool.nbcraft]`, found the way the lint
 * plugin finds it), with its `promote` section. A broken file is reported, never thrown.
 */
export async function findProjectConfig(
  notebookPath: string,
  readText: ReadTextFile
): Promise<ProjectConfig> {
  try {
    const located = await locateConfig(notebookPath, readText);
    return located.file === null
      ? { root: '', promote: {} }
      : projectConfigOf(located.file, located.settings);
  } catch (error) {
    if (error instanceof ConfigError) {
      return brokenConfig(error.file, error);
    }
    throw error;
  }
}

function brokenConfig(file: string, error: unknown): ProjectConfig {
  // the library's located description (file, line, key) goes in as it is
  const where = error instanceof ConfigError ? error.describe() : String(error);
  return {
    root: PathExt.dirname(file),
    file,
    promote: {},
    problem: tr => tr.__('%1; using the default module path', where)
  };
}

/**
 * Read the `promote` section out of a config file's text (`nbcraft.json`, or the
 * `[tool.nbcraft]` table of a `pyproject.toml`). Bad syntax or wrong types are reported
 * (with the file and key) and the defaults used, never thrown.
 */
export function parseProjectConfig(file: string, text: string): ProjectConfig {
  let data: unknown;
  try {
    // the reader `nbcraft lint` and `nbcraft promote` use: a BOM is read, a key written twice refused
    data = parseConfigText(file, text);
  } catch (error) {
    return brokenConfig(file, error);
  }
  return projectConfigOf(file, data);
}

/** The `promote` section of a parsed config file's settings. */
function projectConfigOf(file: string, data: unknown): ProjectConfig {
  const root = PathExt.dirname(file);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return {
      root,
      file,
      promote: {},
      problem: tr => tr.__('%1: expected a JSON object', file)
    };
  }
  const promote = (data as { promote?: unknown }).promote;
  if (promote === undefined) {
    return { root, file, promote: {} };
  }
  if (!promote || typeof promote !== 'object' || Array.isArray(promote)) {
    return {
      root,
      file,
      promote: {},
      problem: tr => tr.__('%1: promote: expected an object', file)
    };
  }
  const section = promote as Record<string, unknown>;
  const result: PromoteProjectConfig = {};
  const problems: Say[] = [];
  for (const key of ['moduleDir', 'testsDir'] as const) {
    const value = section[key];
    if (value === undefined) {
      continue;
    }
    // the reason the CLI and the preview give (a hidden character, shown escaped where it
    // is; a name ending in a dot or a space), in the lab's language
    const badName =
      typeof value === 'string' ? pathNameRefusal(value) : undefined;
    if (badName) {
      const { message, hint } = badName.texts;
      problems.push(tr =>
        tr.__(
          '%1: promote.%2: %3; %4',
          file,
          key,
          promoteText(message, tr),
          promoteText(hint, tr)
        )
      );
    } else if (typeof value !== 'string' || !isSafeRelativePath(value)) {
      problems.push(tr =>
        tr.__(
          '%1: promote.%2: expected a relative folder inside the project',
          file,
          key
        )
      );
    } else {
      result[key] = value;
    }
  }
  return problems.length
    ? {
        root,
        file,
        promote: result,
        problem: tr => problems.map(say => say(tr)).join('; ')
      }
    : { root, file, promote: result };
}
