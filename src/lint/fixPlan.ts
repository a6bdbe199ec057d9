/**
 * A rule's fix as edits on the open notebook's cells. The fix was computed on the sources the
 * linter saw; if a cell has changed since, the fix is refused (the next lint offers a fresh one)
 * rather than applied at the wrong place.
 */
import type { Fix } from '@nbcraft/lint-rules';

/** Replacements in one cell, last first, so earlier offsets stay valid while applying. */
export interface CellEdits {
  cellId: string;
  edits: { from: number; to: number; text: string }[];
  /** delete the whole cell (the empty-cell fix) instead of editing it */
  deleteCell?: true;
}

export type FixPlan =
  | { ok: true; cells: CellEdits[] }
  | { ok: false; reason: 'stale' | 'overlap' | 'missing-cell' };

/**
 * @param linted the cells (by notebook index) as they were when the fix was computed
 * @param currentSource the source of a cell now, or null when the cell is gone
 */
export function planFix(
  fix: Fix,
  linted: readonly { id: string; source: string }[],
  currentSource: (cellId: string) => string | null
): FixPlan {
  const byCell = new Map<string, CellEdits>();
  for (const edit of fix.edits) {
    const cell = linted[edit.cell] as
      { id: string; source: string } | undefined;
    if (!cell) {
      return { ok: false, reason: 'missing-cell' };
    }
    const now = currentSource(cell.id);
    if (now === null) {
      return { ok: false, reason: 'missing-cell' };
    }
    if (now !== cell.source || edit.to > now.length || edit.from > edit.to) {
      return { ok: false, reason: 'stale' };
    }
    let entry = byCell.get(cell.id);
    if (!entry) {
      entry = { cellId: cell.id, edits: [] };
      byCell.set(cell.id, entry);
    }
    if (edit.deleteCell) {
      entry.deleteCell = true;
    } else {
      entry.edits.push({ from: edit.from, to: edit.to, text: edit.text });
    }
  }
  for (const entry of byCell.values()) {
    entry.edits.sort((a, b) => b.from - a.from || b.to - a.to);
    for (let i = 1; i < entry.edits.length; i++) {
      if (entry.edits[i].to > entry.edits[i - 1].from) {
        return { ok: false, reason: 'overlap' };
      }
    }
  }
  return { ok: true, cells: [...byCell.values()] };
}

/** Applies planned edits to a string (what the shared model does, for tests and previews). */
export function applyEdits(source: string, edits: CellEdits['edits']): string {
  let out = source;
  for (const e of edits) {
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  }
  return out;
}
