/**
 * Where promoted code goes by default, and which folder must be on `sys.path` for it to
 * import. One owner for the CLI and the JupyterLab dialog, so both put a notebook's function
 * in the same module and make it importable the same way.
 */
import { normalisePath, PYTHON_KEYWORDS } from './naming';

/** The module path when nothing is configured: a src layout, one package per project. */
export const DEFAULT_MODULE_TEMPLATE = 'src/{package}/{notebook_stem}.py';
/** The folder of the generated test files when nothing is configured. */
export const DEFAULT_TESTS_DIR = 'tests';
/** The package name when the project folder's name gives none (the Jupyter root itself). */
export const FALLBACK_PACKAGE = 'notebooks';

/**
 * Names a promoted module may not take, lower-cased like the names they are checked against:
 * Python's keywords (so `true`, `false` and `none` too) and the soft keywords `match`, `case`
 * and `type`, which would read badly as module names.
 */
const RESERVED_MODULE_NAMES: ReadonlySet<string> = new Set([
  ...[...PYTHON_KEYWORDS].map(keyword => keyword.toLowerCase()),
  'match',
  'case',
  'type'
]);

/** A file or folder name turned into a Python identifier: `01 Load-Data` -> `load_data_01`. */
export function pythonIdentifier(text: string, fallback: string): string {
  let name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) {
    return fallback;
  }
  if (/^[0-9]/.test(name)) {
    // Module names may not start with a digit; keep the number, readably.
    const match = /^([0-9]+)_?(.*)$/.exec(name);
    name = match?.[2] ? `${match[2]}_${match[1]}` : `nb_${name}`;
  }
  return RESERVED_MODULE_NAMES.has(name) ? `${name}_` : name;
}

/** The notebook's stem as a module name: `notebooks/Feature Eng.ipynb` -> `feature_eng`. */
export function notebookStem(notebookPath: string): string {
  const base = normalisePath(notebookPath).split('/').pop() ?? '';
  return pythonIdentifier(base.replace(/\.[^.]*$/, ''), 'notebook');
}

export interface ModuleDefaults {
  notebookPath: string;
  /** the project folder's own name (its last path part); '' when unknown */
  projectName: string;
  /**
   * the project's package as `projectPackageName` chose it, used as it is (an existing
   * `MyPkg/` stays `MyPkg`); without it, the folder's name made an identifier
   */
  projectPackage?: string;
  /** `promote.moduleDir` of the project config */
  moduleDir?: string;
  /** the lab setting `moduleTemplate` (default DEFAULT_MODULE_TEMPLATE) */
  template?: string;
  /** the lab setting `packageName`; empty: from the project folder's name */
  packageName?: string;
}

/**
 * The default module path, relative to the project folder: `<moduleDir>/<stem>.py` when the
 * config names a module folder, else the template with `{package}` (the package setting, else
 * the project folder's name) and `{notebook_stem}` filled in.
 */
export function defaultModulePath(options: ModuleDefaults): string {
  const stem = notebookStem(options.notebookPath);
  if (options.moduleDir) {
    return joinParts(options.moduleDir, `${stem}.py`);
  }
  const chosen = options.packageName?.trim() ?? '';
  const packageName =
    chosen !== ''
      ? chosen
      : (options.projectPackage ??
        pythonIdentifier(options.projectName, FALLBACK_PACKAGE));
  return joinParts(
    (options.template ?? DEFAULT_MODULE_TEMPLATE)
      .replace(/\{package\}/g, packageName)
      .replace(/\{notebook_stem\}/g, stem)
  );
}

function joinParts(...parts: string[]): string {
  return parts
    .flatMap(part => part.split('/'))
    .filter(part => part !== '' && part !== '.')
    .join('/');
}

/** Parents first: `a/b/c.py` -> ['a', 'a/b']. */
function parentFolders(path: string): string[] {
  const parts = normalisePath(path).split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The folders of the module's dotted name (`src/pkg/sub/mod.py` as `pkg.sub.mod` ->
 * `src/pkg`, `src/pkg/sub`): each gets an `__init__.py` when it has none, so the package is
 * a regular package that pytest, packaging tools and kernels all find the same way.
 */
export function packageFolders(
  modulePath: string,
  moduleName: string
): string[] {
  const depth = moduleName.split('.').length - 1;
  const folders = parentFolders(modulePath);
  return depth > 0 ? folders.slice(-depth) : [];
}

/**
 * The folder that must be on `sys.path` for `moduleName` to import from `modulePath`,
 * relative to the project folder: `src/pkg/mod.py` as `pkg.mod` -> `src`; `mod.py` -> `.`.
 */
export function importRoot(modulePath: string, moduleName: string): string {
  const depth = moduleName.split('.').length;
  const parts = normalisePath(modulePath).split('/');
  const root = parts.slice(0, Math.max(0, parts.length - depth)).join('/');
  return root || '.';
}
