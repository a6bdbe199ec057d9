/**
 * What the repository rules share: the first call that logs an MLflow run, and where a path
 * a cell reads lies relative to the notebook's repository (RuleContext.repository).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell, RepositoryState } from '../../engine/types';

/** calls that start or log to an MLflow run (a run is logged from this notebook) */
export const LOGS_A_RUN =
  /^mlflow\.(start_run|log_\w+|autolog|set_tags?|\w+\.autolog|\w+\.log_model)$/;

/** calls whose first argument (or path keyword) is a file the run reads */
export const READS_A_FILE =
  /^(open|io\.open|(pandas|pd)\.read_\w+|(numpy|np)\.(load|loadtxt|genfromtxt|fromfile)|(pyarrow\.parquet|pq)\.read_table|(pyarrow\.csv|pa_csv)\.read_csv|(polars|pl)\.(read|scan)_\w+|joblib\.load|torch\.load|\w+\.read\.(csv|json|parquet|text|orc|load|table|format\.\w+))$/;

/** keywords that name the file of a reader */
export const PATH_KEYWORDS = new Set([
  'file',
  'path',
  'paths',
  'fname',
  'filepath_or_buffer',
  'source',
  'source_path'
]);

/** A first-found place worth reporting at. */
export interface Spot {
  node: SyntaxNode;
  cell: LintCell;
}

/** `a/b/../c` → `a/c`; a leading `..` that climbs above the start stays. */
function normalize(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && out.length && out[out.length - 1] !== '..') {
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out;
}

/**
 * Where `path` (as a cell reads it; relative paths from the notebook's folder, where Jupyter
 * starts its kernel) lies: null when it is not a local file path (a URL, `dbfs:/...`), else
 * whether it is inside the repository.
 */
export function locatePath(
  path: string,
  repository: RepositoryState
): { inside: boolean } | null {
  if (
    !path ||
    /^[a-z][\w+.-]*:/i.test(path.replace(/^[A-Za-z]:[\\/]/, '')) ||
    /[\n\r*?{}]/.test(path)
  ) {
    return null; // URLs and globs/templates are not one local file
  }
  const root = repository.root;
  if (root === null) {
    return { inside: false };
  }
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('~')) {
    return { inside: false };
  }
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    if (!/^([A-Za-z]:)?[\\/]/.test(root)) {
      return null; // the lab knows the root only relative to the Jupyter root
    }
    const rootParts = normalize(root.replace(/\\/g, '/').split('/'));
    const parts = normalize(slashed.split('/'));
    const inside =
      parts.length >= rootParts.length &&
      rootParts.every((p, i) => p.toLowerCase() === parts[i].toLowerCase());
    return { inside };
  }
  const folder = (repository.notebookPath ?? '').split('/').slice(0, -1);
  const parts = normalize([...folder, ...slashed.split('/')]);
  return { inside: parts[0] !== '..' };
}

/** `a.csv, b.py and 3 more` */
export function listPaths(paths: readonly string[], shown = 3): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown
    ? `${head} and ${paths.length - shown} more`
    : head;
}
