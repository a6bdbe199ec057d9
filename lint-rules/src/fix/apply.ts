/**
 * Applies safe fixes to the ORIGINAL file text, touching only the cells that change, so a
 * notebook with nothing to fix stays byte-identical and a fixed one keeps Jupyter's layout.
 * .ipynb: the cell's "source" JSON value is re-written in the layout it had (string or array of
 * lines, same indentation, same escaping style). .py formats: edits go to the mapped offsets.
 * Every result is re-read and compared with the intended cell sources before it is accepted.
 */
import type { Notebook } from '../notebook/types';
import { readNotebook } from '../notebook';
import { isPythonCodeCell, parseCell } from '../python';
import { lintNotebook } from '../engine/engine';
import { applyTextEdits, type TextEdit } from '../engine/text';
import { LineIndex } from '../notebook/lines';
import type {
  EnabledRule,
  Finding,
  RepositoryState,
  SourceEdit
} from '../engine/types';

export class FixVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixVerificationError';
  }
}

export interface FixOptions {
  /** apply unsafe fixes (suggestions) too, as `--unsafe-fixes` asks */
  unsafe?: boolean;
  /** the notebook's git repository (RuleContext.repository) */
  repository?: RepositoryState;
}

/** Whether `--fix` (or `--fix --unsafe-fixes`) applies this finding's fix. */
export function isApplicable(
  finding: Finding,
  options: FixOptions = {}
): boolean {
  return (
    !!finding.fix &&
    finding.fix.edits.length > 0 &&
    (finding.fix.applicability !== 'unsafe' || !!options.unsafe)
  );
}

/** Picks non-overlapping fixes (first come first served, in finding order). */
export function selectFixes(
  findings: readonly Finding[],
  options: FixOptions = {}
): Finding[] {
  const taken = new Map<number, { from: number; to: number }[]>();
  const chosen: Finding[] = [];
  for (const f of findings) {
    if (!f.fix || !isApplicable(f, options)) {
      continue;
    }
    const clash = f.fix.edits.some(e =>
      (taken.get(e.cell) ?? []).some(
        t =>
          (e.from < t.to && t.from < e.to) ||
          (e.from === e.to && e.from === t.from)
      )
    );
    if (clash) {
      continue;
    }
    for (const e of f.fix.edits) {
      const list = taken.get(e.cell) ?? [];
      list.push({ from: e.from, to: e.to });
      taken.set(e.cell, list);
    }
    chosen.push(f);
  }
  return chosen;
}

/** JSON string escaping as Python's json.dumps does it (ensure_ascii as the file had it). */
function jsonString(value: string, asciiOnly: boolean): string {
  const s = JSON.stringify(value);
  return asciiOnly
    ? s.replace(
        /[\u007f-\uffff]/g,
        ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
      )
    : s;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      return false;
    }
  }
  return true;
}

/** Re-serialises a cell's new source in the layout of its old "source" value. */
export function serializeSource(newSource: string, oldValue: string): string {
  const asciiOnly = /\\u[0-9a-fA-F]{4}/.test(oldValue) && isAscii(oldValue);
  if (oldValue.trimStart().startsWith('"')) {
    return jsonString(newSource, asciiOnly);
  }
  const lead = /^\[(\s*)/.exec(oldValue)?.[1] ?? '\n';
  const close = /(\s*)\]$/.exec(oldValue)?.[1] ?? '';
  const lines = newSource.split(/(?<=\n)/).filter(l => l !== '');
  if (lines.length === 0) {
    return '[]';
  }
  return `[${lead}${lines.map(l => jsonString(l, asciiOnly)).join(`,${lead}`)}${close}]`;
}

/**
 * The spans of the file that deleting these cells removes: each run of adjacent deleted cells
 * goes with the separator before it (after the cell above), or, at the top, with the separator
 * after it, so the rest of the file keeps its bytes. Deleting every cell is refused.
 */
function cellDeletions(nb: Notebook, deleted: ReadonlySet<number>): TextEdit[] {
  if (nb.format !== 'ipynb') {
    throw new FixVerificationError(
      'deleting cells is supported in .ipynb notebooks only'
    );
  }
  if (deleted.size >= nb.cells.length) {
    throw new FixVerificationError('a fix would delete every cell');
  }
  const range = (i: number) => {
    const r = nb.cells[i]?.cellRange;
    if (!r) {
      throw new FixVerificationError(`cell ${i + 1} has no location`);
    }
    return r;
  };
  const spans: { from: number; to: number; text: string }[] = [];
  const sorted = [...deleted].sort((a, b) => a - b);
  for (let k = 0; k < sorted.length; k++) {
    const first = sorted[k];
    let last = first;
    while (k + 1 < sorted.length && sorted[k + 1] === last + 1) {
      last = sorted[++k];
    }
    spans.push(
      first > 0
        ? { from: range(first - 1).end, to: range(last).end, text: '' }
        : { from: range(first).start, to: range(last + 1).start, text: '' }
    );
  }
  return spans;
}

/** The file text with the given source edits applied (throws FixVerificationError if the result would be wrong). */
export function applyEdits(nb: Notebook, edits: readonly SourceEdit[]): string {
  const deleted = new Set(edits.filter(e => e.deleteCell).map(e => e.cell));
  const byCell = new Map<number, SourceEdit[]>();
  for (const e of edits) {
    if (!deleted.has(e.cell)) {
      byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), e]);
    }
  }
  const expected = new Map<number, string>();
  const fileEdits: TextEdit[] =
    deleted.size > 0 ? cellDeletions(nb, deleted) : [];
  for (const [index, cellEdits] of byCell) {
    const cell = nb.cells.at(index);
    if (!cell) {
      throw new FixVerificationError(`no cell ${index + 1}`);
    }
    const newSource = applyTextEdits(cell.source, cellEdits);
    expected.set(index, newSource);
    if (nb.format === 'ipynb') {
      const { start, end } = cell.sourceRange;
      fileEdits.push({
        from: start,
        to: end,
        text: serializeSource(newSource, nb.text.slice(start, end))
      });
    } else {
      const lines = new LineIndex(cell.source);
      for (const e of cellEdits) {
        if (/[\r\n]/.test(e.text)) {
          throw new FixVerificationError(
            'multi-line edits are not supported in .py notebooks'
          );
        }
        fileEdits.push({
          from: cell.toFileOffset(lines.position(e.from)),
          to: cell.toFileOffset(lines.position(e.to)),
          text: e.text
        });
      }
    }
  }
  const text = applyTextEdits(nb.text, fileEdits);
  const reread = readNotebook(nb.path, text);
  // the cells that stay, in order: reread cell k is the original cell kept[k]
  const kept = nb.cells.map(c => c.index).filter(i => !deleted.has(i));
  if (reread.cells.length !== kept.length) {
    throw new FixVerificationError(
      'the fixed file has a different number of cells'
    );
  }
  for (const cell of reread.cells) {
    const original = nb.cells[kept[cell.index]];
    const want = expected.get(original.index) ?? original.source;
    if (
      cell.source !== want ||
      cell.kind !== original.kind ||
      cell.id !== original.id
    ) {
      throw new FixVerificationError(
        `cell ${original.index + 1} would not read back as intended`
      );
    }
    // re-parsed: a fix never turns a Python cell that parsed into one that does not
    if (
      expected.has(original.index) &&
      isPythonCodeCell(cell) &&
      parseCell(original.source).ok &&
      !parseCell(cell.source).ok
    ) {
      throw new FixVerificationError(
        `cell ${cell.index + 1} would no longer parse after the fix`
      );
    }
  }
  return text;
}

export interface FixResult {
  /** the new file text (=== nb.text when nothing was fixed) */
  text: string;
  /** how many findings were fixed */
  fixed: number;
  /** the findings that remain, located in the fixed notebook */
  findings: Finding[];
  notebook: Notebook;
}

/** Lints, applies safe fixes, and repeats (fixes can uncover others), at most `maxPasses` times. */
export function fixNotebook(
  nb: Notebook,
  rules: readonly EnabledRule[],
  maxPasses = 10,
  options: FixOptions = {}
): FixResult {
  let current = nb;
  let fixed = 0;
  let findings = lintNotebook(current, rules, {
    repository: options.repository
  });
  for (let pass = 0; pass < maxPasses; pass++) {
    const chosen = selectFixes(findings, options);
    if (chosen.length === 0) {
      break;
    }
    let text: string;
    try {
      text = applyEdits(
        current,
        chosen.flatMap(f => f.fix?.edits ?? [])
      );
    } catch (err) {
      if (err instanceof FixVerificationError) {
        break; // keep what is known good
      }
      throw err;
    }
    fixed += chosen.length;
    current = readNotebook(current.path, text);
    findings = lintNotebook(current, rules, {
      repository: options.repository
    });
  }
  return { text: current.text, fixed, findings, notebook: current };
}
