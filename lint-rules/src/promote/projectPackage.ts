/**
 * The package promoted modules go into by default, as the project itself names it, not as
 * its folder happens to be called (a checkout in `repo-main/` of the project `forecasting`):
 * an existing package first, then the `[project] name` of `pyproject.toml`, then the folder.
 * Pure: the caller reads `pyproject.toml` (parsed by config/projectMetadata.ts, which reads
 * the same `[project] name` for NB105) and says which folders hold an `__init__.py`. One owner
 * for the CLI and the lab's dialog.
 */
import {
  ProjectMetadataError,
  readPyproject,
  tomlTable as table,
  type PyprojectMetadata
} from '../config/projectMetadata';

import { FALLBACK_PACKAGE, pythonIdentifier } from './layout';
import { isIdentifier } from './naming';
import { trimEndWhere } from '../engine/text';

/** A `[project] name` longer than this is no package name: the folder's name is used. */
const MAX_PROJECT_NAME = 100;

/** What `pyproject.toml` says of the project's name and packages (nothing when unreadable). */
interface Declared {
  /** `[project] name` as written (when it is an identifier) and normalized to a module name */
  projectName: { verbatim: string | null; normalized: string } | null;
  /** top-level names of `[tool.setuptools] packages`, in order */
  packages: string[];
  /** `[tool.setuptools.packages.find]`: its `where` folders and its plain `include` names */
  find: { where: string[]; include: string[] } | null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function declared(pyprojectText: string | null): Declared {
  const none: Declared = { projectName: null, packages: [], find: null };
  if (pyprojectText === null) {
    return none;
  }
  let metadata: PyprojectMetadata;
  try {
    metadata = readPyproject(pyprojectText);
  } catch (err) {
    if (!(err instanceof ProjectMetadataError)) throw err;
    return none; // a broken file names nothing; the folder's name is used
  }
  const { projectName: name, setuptools } = metadata;
  const normalized =
    typeof name === 'string' && name.length <= MAX_PROJECT_NAME
      ? pythonIdentifier(name, '')
      : '';
  const packages = setuptools?.packages;
  const find = table(table(packages)?.find);
  return {
    projectName:
      typeof name === 'string' && normalized !== ''
        ? { verbatim: isIdentifier(name) ? name : null, normalized }
        : null,
    packages: strings(packages)
      .map(entry => entry.split('.')[0])
      .filter(isIdentifier),
    find: find
      ? { where: findWhere(find.where), include: findInclude(find) }
      : null
  };
}

/**
 * `where` folders inside the project only: an absolute path, a `..` part or a part starting
 * with a dot (`.git`, `.venv`) is ignored; `.` itself is the project folder.
 */
function findWhere(value: unknown): string[] {
  const given = strings(value);
  if (given.length === 0) {
    return ['.']; // setuptools' default
  }
  return given.filter(folder => {
    const slashed = folder.replace(/\\/g, '/');
    return (
      !/^([A-Za-z]:)?\//.test(slashed) &&
      slashed.split('/').every(part => part === '.' || !part.startsWith('.'))
    );
  });
}

function findInclude(find: Record<string, unknown>): string[] {
  return strings(find.include)
    .map(pattern => pattern.replace(/(\.\*|\*)$/, ''))
    .filter(isIdentifier);
}

function inFolder(folder: string, name: string): string {
  const clean = trimEndWhere(folder.replace(/^\.\/?/, ''), /\//);
  return clean === '' || clean === '.' ? name : `${clean}/${name}`;
}

/**
 * The folders (relative to the project) whose `__init__.py` would make a name the project's
 * existing package, in the order they are preferred; the caller looks for each file.
 */
export function packageFoldersToCheck(
  folderName: string,
  pyprojectText: string | null
): string[] {
  const { projectName, find } = declared(pyprojectText);
  // a name as written first (`MyPkg`, `_core`), then as a new package would be named
  const names = [
    ...(find?.include ?? []),
    ...(projectName?.verbatim ? [projectName.verbatim] : []),
    ...(projectName ? [projectName.normalized] : []),
    ...(isIdentifier(folderName) ? [folderName] : []),
    pythonIdentifier(folderName, '')
  ].filter((name, index, all) => name !== '' && all.indexOf(name) === index);
  const roots = find ? find.where : ['src', '.'];
  return names.flatMap(name => roots.map(root => inFolder(root, name)));
}

/**
 * The default package name: `[tool.setuptools] packages` when it lists one; else the first of
 * `packageFoldersToCheck` that holds an `__init__.py` (`withInit`: those that do); else the
 * normalized `[project] name`; else the folder's name (`FALLBACK_PACKAGE` when it gives none).
 */
export function projectPackageName(
  folderName: string,
  pyprojectText: string | null,
  withInit: ReadonlySet<string>
): string {
  const { projectName, packages } = declared(pyprojectText);
  if (packages.length) {
    return packages[0];
  }
  const existing = packageFoldersToCheck(folderName, pyprojectText).find(
    folder => withInit.has(folder)
  );
  if (existing) {
    return existing.slice(existing.lastIndexOf('/') + 1);
  }
  return (
    projectName?.normalized ?? pythonIdentifier(folderName, FALLBACK_PACKAGE)
  );
}
