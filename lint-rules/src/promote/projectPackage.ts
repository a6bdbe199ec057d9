/**
 * The package promoted modules go into by default, as the project itself names it, not as
 * its folder happens to be called (a checkout in `repo-main/` of the project `forecasting`):
 * an existing package first, then the `[project] name` of `pyproject.toml`, then the folder.
 * Pure: the caller reads `pyproject.toml` and says which folders hold an `__init__.py`. One
 * owner for the CLI and the lab's dialog.
 */
import { parse as parseToml } from 'smol-toml';

import { FALLBACK_PACKAGE, pythonIdentifier } from './layout';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What `pyproject.toml` says of the project's name and packages (nothing when unreadable). */
interface Declared {
  /** `[project] name`, normalized to a module name */
  projectName: string | null;
  /** top-level names of `[tool.setuptools] packages`, in order */
  packages: string[];
  /** `[tool.setuptools.packages.find]`: its `where` folders and its plain `include` names */
  find: { where: string[]; include: string[] } | null;
}

function table(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
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
  let data: Record<string, unknown> | null;
  try {
    data = table(parseToml(pyprojectText));
  } catch {
    return none; // a broken file names nothing; the folder's name is used
  }
  const name = table(data?.project)?.name;
  const setuptools = table(table(data?.tool)?.setuptools);
  const packages = setuptools?.packages;
  const find = table(table(packages)?.find);
  return {
    projectName:
      typeof name === 'string' && pythonIdentifier(name, '') !== ''
        ? pythonIdentifier(name, '')
        : null,
    packages: strings(packages)
      .map(entry => entry.split('.')[0])
      .filter(entry => IDENTIFIER.test(entry)),
    find: find
      ? {
          where: strings(find.where).length ? strings(find.where) : ['.'],
          include: strings(find.include)
            .map(pattern => pattern.replace(/(\.\*|\*)$/, ''))
            .filter(entry => IDENTIFIER.test(entry))
        }
      : null
  };
}

function inFolder(folder: string, name: string): string {
  const clean = folder.replace(/^\.\/?/, '').replace(/\/+$/, '');
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
  const names = [
    ...(find?.include ?? []),
    ...(projectName ? [projectName] : []),
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
  return projectName ?? pythonIdentifier(folderName, FALLBACK_PACKAGE);
}
