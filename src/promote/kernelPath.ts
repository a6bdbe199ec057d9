/**
 * The running kernel after a promotion: kernels started from now on read the new pytest
 * `pythonpath` entry at start-up (nbcraft/promote/kernel_paths.py), but the kernel already
 * running started before it existed. This is the same entry, handed to that kernel, so the
 * promoted module can be imported without a restart (by the user's own import cell: nbcraft
 * never imports it for them, as the import may run the project's code).
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
