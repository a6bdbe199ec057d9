/**
 * What every fuzz case must satisfy, through the whole library: the reader gives a notebook or
 * one located NotebookReadError; the analysis, every rule (strict), the fixer and the promote
 * planner never throw; findings and refusals are located inside the file; a fix or a promotion
 * gives back a notebook that reads, with every other cell's text kept.
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { fixNotebook } from '../../src/fix';
import {
  type Notebook,
  NotebookReadError,
  readNotebook
} from '../../src/notebook';
import { applyPromotionToText, planPromotion } from '../../src/promote';
import { analyzeNotebook } from '../../src/python';
import type { FuzzCase } from './notebookCases';

export const STRICT = resolveConfig({ extends: 'strict' }, 'nbcraft.json');

/** A problem found in one case: the case's name and what went wrong. */
export interface Failure {
  case: string;
  problem: string;
}

export interface CaseOutcome {
  read: boolean;
  failures: Failure[];
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

function message(err: unknown): string {
  const e = err as { name?: string; message?: string; stack?: string } | null;
  return `${e?.name ?? typeof err}: ${e?.message ?? String(err)}`.slice(0, 300);
}

/** Checks one case through readNotebook, analyzeNotebook, lintNotebook (every rule, strict), the fixer and the planner. */
export function checkCase(
  c: FuzzCase,
  options: { promoteCells?: number } = {}
): CaseOutcome {
  const failures: Failure[] = [];
  const fail = (problem: string) => failures.push({ case: c.name, problem });
  let nb: Notebook;
  try {
    nb = readNotebook(c.file, c.text);
  } catch (err) {
    if (!(err instanceof NotebookReadError)) {
      fail(`readNotebook threw ${message(err)}`);
    } else {
      if (err.path !== c.file)
        fail(`the error names ${err.path}, not ${c.file}`);
      if (!err.message) fail('the error has no message');
      if (
        err.line === undefined ||
        err.line < 1 ||
        err.column === undefined ||
        err.column < 1
      )
        fail(`the error has no location: ${err.describe()}`);
      else if (err.line > lineCount(c.text) + 1)
        fail(`the error's line ${err.line} is past the end of the file`);
      if (!err.describe().startsWith(`${c.file}:`))
        fail(`describe() does not start with the file: ${err.describe()}`);
    }
    return { read: false, failures };
  }
  const lines = lineCount(c.text);
  try {
    for (const cell of nb.cells) {
      const last = cell.source.split('\n').length - 1;
      for (const pos of [
        { line: 0, column: 0 },
        { line: last, column: 1e6 },
        { line: 1e6, column: 3 }
      ]) {
        const fp = cell.toFilePosition(pos);
        if (!(fp.line >= 1 && fp.line <= lines && fp.column >= 1))
          fail(
            `cell ${cell.index + 1} maps ${JSON.stringify(pos)} to ${JSON.stringify(fp)}`
          );
      }
    }
    const analysis = analyzeNotebook(nb);
    const findings = lintNotebook(nb, STRICT.rules, { analysis });
    for (const f of findings) {
      if (!(
        f.file.line >= 1 &&
        f.file.line <= lines &&
        f.file.endLine >= f.file.line
      ))
        fail(
          `${f.ruleId} is located at line ${f.file.line}-${f.file.endLine} of ${lines}`
        );
      if (f.cell !== null && (f.cell < 0 || f.cell >= nb.cells.length))
        fail(`${f.ruleId} names cell ${f.cell + 1} of ${nb.cells.length}`);
    }
    // --fix --unsafe-fixes (the safe fixes and the rest) may empty a cell (an unused import
    // removed) or delete an empty one, but no cell that held text disappears, and what it
    // writes still reads
    const fixed = fixNotebook(nb, STRICT.rules, 3, { unsafe: true });
    if (fixed.text !== nb.text) {
      const filled = nb.cells.filter(x => x.source.trim()).length;
      try {
        const again = readNotebook(c.file, fixed.text);
        if (again.cells.length < filled)
          fail(`--fix left ${again.cells.length} cells of ${filled} with text`);
      } catch (err) {
        fail(`--fix wrote a notebook that does not read: ${message(err)}`);
      }
    }
  } catch (err) {
    fail(`lint threw ${message(err)}`);
  }
  checkPromote(c, nb, options.promoteCells ?? 2, fail);
  return { read: true, failures };
}

function checkPromote(
  c: FuzzCase,
  nb: Notebook,
  maxCells: number,
  fail: (problem: string) => void
): void {
  const code = nb.cells.filter(cell => cell.kind === 'code');
  for (const cell of code.slice(0, maxCells)) {
    try {
      const result = planPromotion({
        notebook: nb,
        cells: [cell.index],
        modulePath: 'src/pkg/mod.py'
      });
      if (!result.ok) {
        for (const r of result.reasons) {
          if (!r.message || !r.hint)
            fail(`promote refusal ${r.code} without message or hint`);
          if (r.cell !== undefined && (r.cell < 0 || r.cell >= nb.cells.length))
            fail(
              `promote refusal ${r.code} names cell ${r.cell + 1} of ${nb.cells.length}`
            );
        }
        continue;
      }
      const text = applyPromotionToText(nb, result);
      const after = readNotebook(c.file, text);
      // every cell the plan does not replace or edit keeps its text
      const kept = new Set(after.cells.map(x => x.source));
      const touched = new Set([
        ...result.replacedCells,
        ...result.cellEdits.map(e => e.cell)
      ]);
      for (const other of nb.cells) {
        if (!touched.has(other.index) && !kept.has(other.source))
          fail(
            `promoting cell ${cell.index + 1} lost the text of cell ${other.index + 1}`
          );
      }
    } catch (err) {
      fail(`promote of cell ${cell.index + 1} threw ${message(err)}`);
    }
  }
}
