/**
 * Applies a promotion plan to the notebook's file text (pure: text in, text out).
 *
 * Only the replaced cells and the sources of the edited cells (the import cell) change; every other byte stays as it
 * was, so a Jupyter-written .ipynb (indent 1, sorted keys, non-ASCII kept) keeps its layout
 * and the diff shows just the promotion.
 */
import { applyTextEdits, type TextEdit as Edit } from '../engine/text';
import { scanNotebookJson } from '../notebook/jsonScan';
import type { Notebook } from '../notebook/types';
import type { PromotionPlan } from './types';

/** nbformat's multiline string: lines with their newlines, the last without. */
function sourceLines(source: string): string[] {
  if (!source) return [];
  const parts = source.split('\n');
  return parts
    .map((p, i) => (i < parts.length - 1 ? `${p}\n` : p))
    .filter((p, i) => p !== '' || i < parts.length - 1);
}

/** JSON as Python's json.dumps(indent=unit, sort_keys=True, ensure_ascii=False) writes it. */
export function pythonJson(
  value: unknown,
  unit: number,
  level: number
): string {
  const pad = (n: number) => ' '.repeat(unit * n);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map(v => pad(level + 1) + pythonJson(v, unit, level + 1)).join(',\n')}\n${pad(level)}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (!keys.length) return '{}';
    return `{\n${keys
      .map(
        k =>
          `${pad(level + 1)}${JSON.stringify(k)}: ${pythonJson((value as Record<string, unknown>)[k], unit, level + 1)}`
      )
      .join(',\n')}\n${pad(level)}}`;
  }
  return JSON.stringify(value);
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

function ipynbEdits(nb: Notebook, plan: PromotionPlan): Edit[] {
  const text = nb.text;
  const locations = scanNotebookJson(text);
  const unit = nb.indent ?? 1;
  const first = plan.replacedCells[0];
  const last = plan.replacedCells[plan.replacedCells.length - 1];
  const start = locations.cells[first].start;
  const end = locations.cells[last].end;
  const column = columnOf(text, start);
  const level = Math.round(column / Math.max(unit, 1));
  const minor = nb.nbformat?.[1] ?? 4;
  const pieces: string[] = [];
  for (const cell of plan.replacementCells) {
    if (cell.keep !== undefined) {
      const loc = locations.cells[cell.keep];
      pieces.push(text.slice(loc.start, loc.end));
      continue;
    }
    const json: Record<string, unknown> = {
      cell_type: 'code',
      execution_count: null,
      metadata: cell.metadata,
      outputs: [],
      source: sourceLines(cell.source)
    };
    if (cell.id !== undefined || (nb.nbformat?.[0] === 4 && minor >= 5))
      json.id = cell.id ?? freshId(nb);
    pieces.push(pythonJson(json, unit, level));
  }
  const edits: Edit[] = [
    { from: start, to: end, text: pieces.join(`,\n${' '.repeat(column)}`) }
  ];
  for (const edit of plan.cellEdits) {
    const range = nb.cells[edit.cell].sourceRange;
    const keyColumn = columnOf(text, text.lastIndexOf('"source"', range.start));
    const keyLevel = Math.round(keyColumn / Math.max(unit, 1));
    edits.push({
      from: range.start,
      to: range.end,
      text: pythonJson(sourceLines(edit.source), unit, keyLevel)
    });
  }
  return edits;
}

/** An id unlike any in the notebook (only needed when the replaced cell had none, in nbformat 4.5). */
function freshId(nb: Notebook): string {
  const taken = new Set(nb.cells.map(c => c.id));
  for (let n = 0; ; n++) {
    const id = `promoted-${n}`;
    if (!taken.has(id)) return id;
  }
}

function scriptEdits(nb: Notebook, plan: PromotionPlan): Edit[] {
  const text = nb.text;
  const first = plan.replacedCells[0];
  const last = plan.replacedCells[plan.replacedCells.length - 1];
  const segments: string[] = [plan.replacementCells[0].source]; // the call cell comes first
  // kept Markdown cells: their marker lines and text, taken from the file as they are
  for (const cell of plan.replacementCells) {
    if (cell.keep === undefined) continue;
    segments.push(
      text.slice(
        nb.cells[cell.keep - 1].sourceRange.end,
        nb.cells[cell.keep].sourceRange.end
      )
    );
  }
  const edits: Edit[] = [
    {
      from: nb.cells[first].sourceRange.start,
      to: nb.cells[last].sourceRange.end,
      text: segments.join('')
    }
  ];
  for (const edit of plan.cellEdits) {
    const r = nb.cells[edit.cell].sourceRange;
    edits.push({ from: r.start, to: r.end, text: edit.source });
  }
  return edits;
}

/**
 * The notebook file's new text after the plan. For .ipynb the replaced cells' JSON is swapped
 * for the call cell; for Databricks and percent scripts the cells' lines are.
 */
export function applyPromotionToText(
  nb: Notebook,
  plan: PromotionPlan
): string {
  const edits =
    nb.format === 'ipynb' ? ipynbEdits(nb, plan) : scriptEdits(nb, plan);
  return applyTextEdits(nb.text, edits);
}
