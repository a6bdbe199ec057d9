/**
 * What the Provenance section shows, shaped from the routes' answers. Pure: no widgets,
 * no I/O. The cell and line diffs reuse the project's one diff (src/promote/diff.ts).
 */
import { diffLines, diffTexts, type TextDiff } from '../promote/diff';
import type { RepositoryState } from '@nbcraft/lint-rules';

import { formatNumber } from '../tracking/format';
import type {
  ChangedPackage,
  GitState,
  DataInput,
  GitProvenance,
  PackageVersion,
  Reproduction,
  ReproductionState,
  SnapshotCell
} from './api';

/** The commit line: short hash, branch, a dirty mark in words, the repository's URL. */
export interface ICommitView {
  /** 12 characters, as `git log --abbrev=12` */
  short: string | null;
  full: string | null;
  branch: string | null;
  /** null on a detached HEAD or when unknown */
  dirty: boolean | null;
  diffTruncated: boolean;
  repoUrl: string | null;
  /** false: the commit is not in the repository here (a shallow clone, another clone) */
  commitHere: boolean | null;
  /**
   * The notebook file when it is not simply the commit's: `dirty` leaves untracked files
   * out, so a clean tree does not mean the notebook is at the commit.
   */
  notebook: 'modified' | 'untracked' | 'ignored' | 'outside' | null;
}

const NOTEBOOK_STATES = [
  'modified',
  'untracked',
  'ignored',
  'outside'
] as const;

/**
 * Whether a run ran code its snapshot does not hold (`nbcraft.notebook.executed`):
 * `differs`, a saved cell ran other code; `extra`, other code ran besides the saved cells.
 */
export function ranOtherThanSnapshot(executed: string | null): boolean {
  return executed === 'differs' || executed === 'extra';
}

/** The runs of a comparison that ran code their notebook snapshot does not hold. */
export function ranOtherCode(nb: {
  a_executed: string | null;
  b_executed: string | null;
  a_note: string | null;
  b_note: string | null;
}): { side: 'a' | 'b'; note: string | null }[] {
  const sides: { side: 'a' | 'b'; note: string | null }[] = [];
  if (ranOtherThanSnapshot(nb.a_executed)) {
    sides.push({ side: 'a', note: nb.a_note });
  }
  if (ranOtherThanSnapshot(nb.b_executed)) {
    sides.push({ side: 'b', note: nb.b_note });
  }
  return sides;
}

export function commitView(git: GitProvenance | null): ICommitView {
  const full = git?.commit ?? null;
  return {
    short: full ? full.slice(0, 12) : null,
    full,
    branch: git?.branch ?? null,
    dirty: git?.dirty ?? null,
    diffTruncated: git?.diff_truncated === true,
    repoUrl: safeRepoUrl(git?.repo_url ?? null),
    commitHere: git?.in_repository ?? null,
    notebook: NOTEBOOK_STATES.find(state => state === git?.notebook) ?? null
  };
}

/**
 * A repository URL fit for a link: http(s) only (a `javascript:` URL in a tag must not
 * become a link), with any user:password@ part dropped (P1 strips it; the lab makes sure).
 */
export function safeRepoUrl(url: string | null): string | null {
  if (!url) {
    return null;
  }
  const trimmed = url.trim();
  const https = /^(https?:\/\/)(?:[^@/]*@)?(.*)$/i.exec(trimmed);
  if (https) {
    return https[1] + https[2];
  }
  // scp-like `git@host:org/repo.git` is shown as text, not as a link
  return /^[\w.-]+@[\w.-]+:[\w./~-]+$/.test(trimmed) ? trimmed : null;
}

/** Whether the URL may be an anchor's href (http or https). */
export function isLinkable(url: string | null): boolean {
  return Boolean(url && /^https?:\/\//i.test(url));
}

export type CellChangeKind = 'same' | 'changed' | 'added' | 'removed';

/** One cell of the notebook diff: where it was in the run and where it is now. */
export interface ICellChange {
  kind: CellChangeKind;
  cellType: string;
  /** 1-based position in the run's snapshot (absent for added cells) */
  before?: number;
  /** 1-based position in the notebook now (absent for removed cells) */
  after?: number;
  /** the line diff of a changed cell, or the whole source of an added/removed cell */
  diff: TextDiff | null;
}

export interface INotebookDiff {
  cells: ICellChange[];
  added: number;
  removed: number;
  changed: number;
  /** no difference at all */
  same: boolean;
}

const cellKey = (c: SnapshotCell) => `${c.cell_type}\u0000${c.source}`;

/**
 * Cell-level diff: cells are matched as whole lines of a text (one token per distinct cell),
 * so the same longest-common-subsequence diff that serves promote aligns them; a removed
 * cell followed by an added cell of the same type is one changed cell with a line diff.
 */
export function notebookDiff(
  before: readonly SnapshotCell[],
  after: readonly SnapshotCell[]
): INotebookDiff {
  const tokens = new Map<string, string>();
  const token = (c: SnapshotCell) => {
    const key = cellKey(c);
    let t = tokens.get(key);
    if (t === undefined) {
      t = `c${tokens.size}`;
      tokens.set(key, t);
    }
    return t;
  };
  const lines = diffLines(
    before.map(token).join('\n'),
    after.map(token).join('\n')
  );
  const cells: ICellChange[] = [];
  let removedRun: number[] = [];
  let addedRun: number[] = [];
  const flush = () => {
    // Pair the k-th removed cell with the k-th added one of the same type, in order.
    let r = 0;
    let a = 0;
    while (r < removedRun.length || a < addedRun.length) {
      const old = r < removedRun.length ? before[removedRun[r] - 1] : null;
      const now = a < addedRun.length ? after[addedRun[a] - 1] : null;
      if (old && old.cell_type === now?.cell_type) {
        cells.push({
          kind: 'changed',
          cellType: now.cell_type,
          before: removedRun[r++],
          after: addedRun[a++],
          diff: diffTexts(old.source, now.source)
        });
      } else if (old && (!now || r <= a)) {
        cells.push({
          kind: 'removed',
          cellType: old.cell_type,
          before: removedRun[r++],
          diff: diffTexts(old.source, '')
        });
      } else if (now) {
        cells.push({
          kind: 'added',
          cellType: now.cell_type,
          after: addedRun[a++],
          diff: diffTexts(null, now.source)
        });
      }
    }
    removedRun = [];
    addedRun = [];
  };
  for (const line of lines) {
    if (line.kind === 'remove') {
      removedRun.push(line.oldLine ?? 0);
    } else if (line.kind === 'add') {
      addedRun.push(line.newLine ?? 0);
    } else {
      flush();
      cells.push({
        kind: 'same',
        cellType: before[(line.oldLine ?? 1) - 1].cell_type,
        before: line.oldLine,
        after: line.newLine,
        diff: null
      });
    }
  }
  flush();
  const count = (kind: CellChangeKind) =>
    cells.filter(c => c.kind === kind).length;
  const added = count('added');
  const removed = count('removed');
  const changed = count('changed');
  return {
    cells,
    added,
    removed,
    changed,
    same: added + removed + changed === 0
  };
}

export type PackageChangeKind = 'added' | 'removed' | 'changed';

export interface IPackageRow {
  kind: PackageChangeKind;
  name: string;
  /** the version in the run (absent when added since) */
  run?: string;
  /** the version now (absent when removed since) */
  now?: string;
}

/** The environment's differences as one list, sorted by name, changed versions first. */
export function packageRows(env: {
  added: readonly PackageVersion[];
  removed: readonly PackageVersion[];
  changed: readonly ChangedPackage[];
}): IPackageRow[] {
  const order: Record<PackageChangeKind, number> = {
    changed: 0,
    added: 1,
    removed: 2
  };
  const rows: IPackageRow[] = [
    ...env.changed.map(p => ({
      kind: 'changed' as const,
      name: p.name,
      run: p.run,
      now: p.now
    })),
    ...env.added.map(p => ({
      kind: 'added' as const,
      name: p.name,
      now: p.version
    })),
    ...env.removed.map(p => ({
      kind: 'removed' as const,
      name: p.name,
      run: p.version
    }))
  ];
  return rows.sort(
    (x, y) =>
      order[x.kind] - order[y.kind] ||
      x.name.toLowerCase().localeCompare(y.name.toLowerCase())
  );
}

export type InputMark = 'changed' | 'unchanged' | 'unknown';

/** "changed since": true → changed, false → unchanged, null → could not be checked. */
export function inputMark(input: Pick<DataInput, 'changed'>): InputMark {
  return input.changed === true
    ? 'changed'
    : input.changed === false
      ? 'unchanged'
      : 'unknown';
}

/** The inputs, changed ones first, then by path. */
export function inputRows(inputs: readonly DataInput[]): DataInput[] {
  const rank: Record<InputMark, number> = {
    changed: 0,
    unknown: 1,
    unchanged: 2
  };
  return [...inputs].sort(
    (a, b) =>
      rank[inputMark(a)] - rank[inputMark(b)] || a.path.localeCompare(b.path)
  );
}

/** Whether a reproduction has ended (nothing more to poll). */
export function isFinished(state: ReproductionState): boolean {
  return state !== 'running';
}

export interface IMetricRow {
  key: string;
  original: string;
  reproduced: string;
  /** as a percentage, e.g. `0.012 %` */
  relDiff: string;
  ok: boolean | null;
}

function formatValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatNumber(value);
}

/** The relative difference as a percentage with 3 significant digits. */
export function formatRelDiff(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  if (value === 0) {
    return '0 %';
  }
  return `${Number((value * 100).toPrecision(3))} %`;
}

/** The metric table of a finished reproduction, the failing metrics first. */
export function metricRows(reproduction: Reproduction): IMetricRow[] {
  return reproduction.metrics
    .map(m => ({
      key: m.key,
      original: formatValue(m.original),
      reproduced: formatValue(m.reproduced),
      relDiff: formatRelDiff(m.rel_diff),
      ok: m.ok ?? null
    }))
    .sort(
      (a, b) =>
        Number(a.ok !== false) - Number(b.ok !== false) ||
        a.key.localeCompare(b.key)
    );
}

/** The inputs whose digests no longer match, for the "not reproduced" explanation. */
export function failedInputs(reproduction: Reproduction) {
  return reproduction.inputs.filter(i => !i.ok);
}

/**
 * The lint rules' view of the server's `/nbcraft/provenance/git` answer for a notebook (path
 * relative to the Jupyter root). `root` stays relative to the Jupyter root (the browser is
 * not told the server's folders), so the rules judge relative reads only.
 */
export function repositoryStateOf(
  git: GitState,
  notebookPath: string
): RepositoryState {
  if (git.repository === null) {
    return { root: null };
  }
  const folder = git.repository.replace(/^\.\/?/, '').replace(/\/$/, '');
  const inside =
    folder && notebookPath.startsWith(`${folder}/`)
      ? notebookPath.slice(folder.length + 1)
      : notebookPath;
  return {
    root: folder || '.',
    notebookPath: inside,
    notebookTracked: git.notebook_tracked ?? undefined,
    dirty: git.dirty ?? undefined,
    dirtyPaths: git.dirty_paths
  };
}

/** The files a recorded `git diff` changes (the new path of each `diff --git a/.. b/..`). */
export function diffFiles(diff: string): string[] {
  const files = new Set<string>();
  for (const match of diff.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gm)) {
    files.add(match[2]);
  }
  return [...files];
}
