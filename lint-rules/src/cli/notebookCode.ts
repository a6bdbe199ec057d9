/**
 * Whether a notebook git lists as modified is a change of code, for NB511
 * (mlflow-run-dirty-tree): running a committed notebook saves its outputs and execution
 * counts, and that alone must not make every run look like uncommitted work. A notebook is
 * unchanged when each cell's kind and source equal the committed blob's; outputs, counts,
 * ids and other metadata are not code. What chooses what runs is: the kernel and language
 * the notebook names (kernelspec name and language, language_info name; a key one side
 * lacks is no change, since a run adds language_info) and each cell's tags (papermill's
 * `parameters`, `skip-execution`) and polyglot kernel. Only a regular file is read (not a
 * link, FIFO or device), and no more than SIZE_LIMIT + 1 bytes of it: anything that cannot
 * be read so, or is over SIZE_LIMIT, counts as changed. The lab's twin: nbcraft/provenance/notebook_code.py (both held to
 * test/fixtures/notebook-code-changes.json).
 */
import { readBounded } from './boundedRead';
import { joinName } from './paths';

/** bytes of a notebook (either side) compared at most; a larger one counts as changed */
export const SIZE_LIMIT = 16 * 1024 * 1024;

/** Runs git in `cwd` with its safe options already given; throws as execFileSync does. */
export type SafeGit = (args: string[], cwd: string) => string;

/** notebook-level keys that name what runs the cells: [object path, key] */
const NOTEBOOK_KEYS: readonly (readonly [string, string])[] = [
  ['kernelspec', 'name'],
  ['kernelspec', 'language'],
  ['language_info', 'name']
];
/** cell-level keys that name the kernel a polyglot cell runs in */
const CELL_KEYS: readonly (readonly [string, string])[] = [
  ['polyglot_notebook', 'kernelName'],
  ['dotnet_interactive', 'language']
];

/** `obj[outer][inner]` when it is a string, else null */
function nested(obj: unknown, outer: string, inner: string): string | null {
  const o = (obj as Record<string, unknown> | null)?.[outer];
  const v =
    typeof o === 'object' && o !== null
      ? (o as Record<string, unknown>)[inner]
      : undefined;
  return typeof v === 'string' ? v : null;
}

interface NotebookCode {
  /** NOTEBOOK_KEYS' values (null: not said) */
  kernel: (string | null)[];
  /** per cell: kind, source, tags and polyglot kernel, joined by NUL */
  cells: string[];
}

/** A notebook's code, or null when the text is not one. */
function codeOf(text: string): NotebookCode | null {
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
    const {
      cell_type: kind,
      source,
      metadata
    } = cell as Record<string, unknown>;
    const text = Array.isArray(source) ? source.join('') : source;
    if (typeof kind !== 'string' || typeof text !== 'string') {
      return null;
    }
    const tags = (metadata as { tags?: unknown } | null | undefined)?.tags;
    const tagText = Array.isArray(tags) ? tags.map(String).join('\n') : '';
    const kernels = CELL_KEYS.map(([o, i]) => nested(metadata, o, i) ?? '');
    out.push([kind, text, tagText, ...kernels].join('\0'));
  }
  const meta = (nb as { metadata?: unknown }).metadata;
  return {
    kernel: NOTEBOOK_KEYS.map(([o, i]) => nested(meta, o, i)),
    cells: out
  };
}

/** The two notebook texts hold the same cells (kind and source, in order). */
export function sameNotebookCode(committed: string, working: string): boolean {
  const a = codeOf(committed);
  const b = codeOf(working);
  return (
    a !== null &&
    b !== null &&
    a.kernel.every(
      (v, i) => v === null || b.kernel[i] === null || v === b.kernel[i]
    ) &&
    a.cells.length === b.cells.length &&
    a.cells.every((cell, i) => cell === b.cells[i])
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
      const working = readBounded(joinName(root, p), limit).toString('utf8');
      if (Number(git(['cat-file', '-s', spec], root).trim()) > limit) {
        return true;
      }
      const committed = git(['cat-file', 'blob', spec], root);
      return !sameNotebookCode(committed, working);
    } catch {
      return true; // deleted, a link, not a file, too large, unreadable, not in `rev`: a change
    }
  });
}
