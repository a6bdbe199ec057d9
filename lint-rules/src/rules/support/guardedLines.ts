/**
 * Which lines of a cell run only under a guard that says where or whether they run (NB111,
 * rounds 27 and 28): inside `if 'google.colab' in sys.modules:` / `if IN_COLAB:` they run on
 * Colab only, where the shell's `pip` is the kernel's Python; inside `if False:` or `if FLAG:`
 * with a flag the notebook sets off (`ONCE_ONLY = False`: support/switchedOff.ts) they never run.
 */
import type { LintCell } from '../../engine/types';
import { lineWithoutComment } from '../../python/literals';
import { flagsSwitchedOff } from './switchedOff';

/** how a line is guarded: on Colab only, or never (a guard that is off) */
export type LineGuard = 'colab' | 'off';

/** `if <condition>:` alone on its line (the block below it is the guarded one) */
const IF_HEADER = /^[ \t]*if[ \t]+(.+?)[ \t]*:[ \t]*$/;
/** a check that the kernel runs on Colab, not its negation (`'google.colab' in sys.modules`, `IN_COLAB`; no `not`) */
const COLAB_CONDITION =
  /^(?!.*\bnot\b)(?:.*\bgoogle\.colab\b.*|[\w.]*colab\w*)$/i;
/** a condition that is false whatever ran before (`if False:`, `if 0:`) */
const CONSTANT_OFF = /^\(?[ \t]*(?:False|0)[ \t]*\)?$/;
/** a flag name as the whole condition */
const FLAG = /^[A-Za-z_]\w*$/;

/**
 * Each line's guard (null: none), by 0-based line. One pass with a stack of the open guarded
 * blocks (by their header's indentation), so a block of many lines costs one step a line; the
 * flags a condition names are looked up once for the whole notebook (flagsSwitchedOff).
 */
export function lineGuards(
  lc: LintCell,
  cells: readonly LintCell[]
): (LineGuard | null)[] {
  const lines = lc.lines;
  const conditions: (string | null)[] = lines.map(line => {
    const m = IF_HEADER.exec(lineWithoutComment(line));
    return m ? m[1].trim() : null;
  });
  const flags = new Set(
    conditions.filter((c): c is string => c !== null && FLAG.test(c))
  );
  const off = flags.size > 0 ? flagsSwitchedOff(cells, flags) : new Map();
  const kind = (condition: string): LineGuard | null =>
    CONSTANT_OFF.test(condition) ||
    (off.get(condition) ?? Infinity) <= lc.cell.index
      ? 'off'
      : COLAB_CONDITION.test(condition)
        ? 'colab'
        : null;
  const out: (LineGuard | null)[] = [];
  const open: { indent: number; guard: LineGuard }[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const code = lineWithoutComment(line);
    if (code.trim() === '') {
      out.push(open.length > 0 ? open[open.length - 1].guard : null);
      continue;
    }
    const indent = code.length - code.trimStart().length;
    while (open.length > 0 && open[open.length - 1].indent >= indent)
      open.pop();
    // a guard that is off wins over one for Colab around it: the line never runs
    out.push(
      open.some(o => o.guard === 'off')
        ? 'off'
        : open.length > 0
          ? open[open.length - 1].guard
          : null
    );
    const condition = conditions[k];
    const guard = condition === null ? null : kind(condition);
    if (guard !== null) open.push({ indent, guard });
  }
  return out;
}
