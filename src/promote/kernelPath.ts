/**
 * The running kernel after a promotion: kernels started from now on read the new pytest
 * `pythonpath` entry at start-up (nbcraft/promote/kernel_paths.py), but the kernel already
 * running started before it existed. This is the same entry, handed to that kernel, and the
 * promoted function imported into it, so the call cell runs without a restart.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Kernel } from '@jupyterlab/services';

import { joinPath } from './paths';

/** `a/b` to `a`: '..'; `a` to `a/c`: '../c' (Jupyter-root relative folders). */
export function relativeFolder(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) {
    common++;
  }
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}

/**
 * Python that puts `<root>/<entry>` on the kernel's sys.path (after its working folder, as
 * the start-up file does) and forgets the import system's cached folder listings, so a module
 * written a moment ago is found. The kernel's working folder is the notebook's.
 */
export function kernelPathCode(
  notebookPath: string,
  root: string,
  entry: string
): string {
  const folder = joinPath(
    relativeFolder(PathExt.dirname(notebookPath), root),
    entry
  );
  return [
    'import importlib as _nbcraft_il, os as _nbcraft_os, sys as _nbcraft_sys',
    `_nbcraft_p = _nbcraft_os.path.realpath(${JSON.stringify(folder || '.')})`,
    'if _nbcraft_os.path.isdir(_nbcraft_p) and _nbcraft_p not in _nbcraft_sys.path:',
    '    _nbcraft_sys.path.insert(1, _nbcraft_p)',
    '_nbcraft_il.invalidate_caches()',
    'del _nbcraft_il, _nbcraft_os, _nbcraft_sys, _nbcraft_p'
  ].join('\n');
}

const DOTTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const NAME = /^[A-Za-z_]\w*$/;

/**
 * Whether nbcraft may import the promoted function into the running kernel on its own: only when
 * everything that import executes was written by this promotion, i.e. the module file did not
 * exist before and every package folder on its path was made now (with an empty `__init__.py`).
 * An older file may be a cloned project's code, and nothing from a project folder runs without
 * the user: then the user runs the import cell (a notice says so).
 */
export function importRunsOnlyNewCode(
  moduleExisted: boolean,
  packageFolders: readonly string[],
  createdFolders: readonly string[]
): boolean {
  return (
    !moduleExisted && packageFolders.every(f => createdFolders.includes(f))
  );
}

/**
 * The file an import of `moduleName` starts with, for the module written at `modulePath`
 * (Jupyter-root relative): the top package's `__init__.py`, or the module itself.
 */
function topOrigin(modulePath: string, moduleName: string): string {
  const names = moduleName.split('.');
  if (names.length === 1) {
    return modulePath;
  }
  const parts = modulePath.split('/');
  const base = parts.slice(0, parts.length - names.length).join('/');
  return joinPath(joinPath(base, names[0]), '__init__.py');
}

/**
 * Python that imports the promoted function into the running kernel, as the notebook's import
 * cell does (the plan may have put the import there, and the user runs the call cell, not that
 * cell). The import runs only if the kernel finds the top package (or module) in the file this
 * promotion wrote: a same-named package earlier on sys.path (the notebook's own folder comes
 * first) would shadow it, and its code must not run unasked. A module the kernel imported before
 * is reloaded first. Null for names that are not Python identifiers (the planner makes none).
 */
export function kernelImportCode(
  notebookPath: string,
  modulePath: string,
  moduleName: string,
  functionName: string
): string | null {
  if (!DOTTED_NAME.test(moduleName) || !NAME.test(functionName)) {
    return null;
  }
  const origin = topOrigin(modulePath, moduleName);
  const expected = joinPath(
    relativeFolder(PathExt.dirname(notebookPath), PathExt.dirname(origin)),
    PathExt.basename(origin)
  );
  const top = JSON.stringify(moduleName.split('.')[0]);
  const module = JSON.stringify(moduleName);
  return [
    'import importlib as _nbcraft_il, importlib.util as _nbcraft_u, os as _nbcraft_os, sys as _nbcraft_sys',
    '_nbcraft_il.invalidate_caches()',
    `_nbcraft_s = _nbcraft_u.find_spec(${top})`,
    `if _nbcraft_s is None or not _nbcraft_s.origin or _nbcraft_os.path.realpath(_nbcraft_s.origin) != _nbcraft_os.path.realpath(${JSON.stringify(expected)}):`,
    `    raise ImportError("nbcraft: " + ${top} + " is not the package promote wrote")`,
    `if ${module} in _nbcraft_sys.modules:`,
    `    _nbcraft_il.reload(_nbcraft_sys.modules[${module}])`,
    'del _nbcraft_il, _nbcraft_u, _nbcraft_os, _nbcraft_sys, _nbcraft_s',
    `from ${moduleName} import ${functionName}`
  ].join('\n');
}

/** Run code silently in the notebook's kernel; false when there is none or it failed. */
export async function runSilently(
  kernel: Kernel.IKernelConnection | null | undefined,
  code: string
): Promise<boolean> {
  if (!kernel) {
    return false;
  }
  try {
    const reply = await kernel.requestExecute({
      code,
      silent: true,
      store_history: false
    }).done;
    return reply.content.status === 'ok';
  } catch {
    return false;
  }
}
