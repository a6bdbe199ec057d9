/**
 * Whether a notebook git lists as modified is a change of code, for NB511
 * (mlflow-run-dirty-tree): running a committed notebook saves its outputs and execution
 * counts, and that alone must not make every run look like uncommitted work. A notebook is
 * unchanged when each cell's kind and source equal the committed blob's; outputs, counts,
 * ids and metadata are not code. Anything that cannot be read, or is over SIZE_LIMIT,
 * counts as changed. The lab's twin: nbcraft/provenance/notebook_code.py (both held to
 * test/fixtures/notebook-code-changes.json).
 */
import { readFileSync, statSync } from 'fs';
import { joinName } from './paths';

/** bytes of a notebook (either side) compared at most; a larger one counts as changed */
export const SIZE_LIMIT = 16 * 1024 * 1024;

/** Runs git in `cwd` with its safe options already given; throws as execFileSync does. */
export type SafeGit = (args: string[], cwd: string) => string;

/** A notebook's cells as `kind\0source` strings, or null when the text is not one. */
function codeOf(text: string): string[] | null {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch {
    return null;
  }
  const cells = (nb as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) {
    return null;
  }
  const out: string[] = [];
  for (const cell of cells) {
    if (typeof cell !== 'object' || cell === null) {
      return null;
    }
    const { cell_type: kind, source } = cell as Record<string, unknown>;
    const text = Array.isArray(source) ? source.join('') : source;
    if (typeof kind !== 'string' || typeof text !== 'string') {
      return null;
    }
    out.push(`${kind}\0${text}`);
  }
  return out;
}

/** The two notebook texts hold the same cells (kind and source, in order). */
export function sameNotebookCode(committed: string, working: string): boolean {
  const a = codeOf(committed);
  const b = codeOf(working);
  return (
    a !== null &&
    b !== null &&
    a.length === b.length &&
    a.every((cell, i) => cell === b[i])
  );
}

/**
 * `paths` (relative to the repository `root`, as git status lists them) without the `.ipynb`
 * files whose cells equal `rev`'s blob (`:` + path is the index, `HEAD:` + path the commit).
 */
export function codeChangedPaths(
  git: SafeGit,
  root: string,
  paths: readonly string[],
  rev: 'index' | 'HEAD',
  limit = SIZE_LIMIT
): string[] {
  return paths.filter(p => {
    if (!p.toLowerCase().endsWith('.ipynb')) {
      return true;
    }
    const spec = `${rev === 'HEAD' ? 'HEAD' : ''}:${p}`;
    try {
      const file = joinName(root, p);
      if (statSync(file).size > limit) {
        return true;
      }
      if (Number(git(['cat-file', '-s', spec], root).trim()) > limit) {
        return true;
      }
      const committed = git(['cat-file', 'blob', spec], root);
      return !sameNotebookCode(committed, readFileSync(file, 'utf8'));
    } catch {
      return true; // deleted, unreadable, not in `rev`: a change
    }
  });
}
