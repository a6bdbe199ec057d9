/**
 * Optional variants a notebook switches off with a flag (round 22: FinRL's backtest sets
 * `if_using_ddpg = False` and guards the DDPG cells with it): a cell that does something only
 * when the flag is on was left unrun because, run, it would have done nothing.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';

/** a value that is only constants: `None`, `(None, None)`, `[]`, `0`, `''` */
// a number takes all its digits (the lookahead): no two ways to match one, so no backtracking
const CONSTANT_ONLY =
  /^(?:[\s()[\],]|None|True|False|-?\d[\d.]*(?![\d.])|'[^']*'|"[^"]*")*$/;

/**
 * The flag `node` guards with: `if FLAG:` with no `elif`/`else`, or a statement whose value is
 * `<expr> if FLAG else <constants>` (`x = f() if FLAG else None`, `l.append(1) if FLAG else
 * None`); null for any other statement.
 */
function guardOf(node: SyntaxNode, lc: LintCell): string | null {
  if (node.name === 'IfStatement') {
    const condition = node.firstChild?.nextSibling;
    const body = condition?.nextSibling;
    return condition?.name === 'VariableName' &&
      body?.name === 'Body' &&
      body.nextSibling === null
      ? lc.textOf(condition)
      : null;
  }
  if (node.name !== 'AssignStatement' && node.name !== 'ExpressionStatement') {
    return null;
  }
  const value = node.lastChild;
  if (value?.name !== 'ConditionalExpression') return null;
  const condition = value.getChild('if')?.nextSibling;
  const fallback = value.getChild('else')?.nextSibling;
  return condition?.name === 'VariableName' &&
    fallback &&
    CONSTANT_ONLY.test(lc.textOf(fallback))
    ? lc.textOf(condition)
    : null;
}

/** The one flag every top-level statement of the cell is guarded by, or null. */
export function guardingFlag(lc: LintCell | undefined): string | null {
  const cursor = lc?.analysis?.parsed.tree?.cursor();
  if (!lc || !cursor?.firstChild()) return null;
  let flag: string | null = null;
  do {
    if (cursor.name === 'Comment') continue;
    const guard = guardOf(cursor.node, lc);
    if (guard === null || (flag !== null && guard !== flag)) return null;
    flag = guard;
  } while (cursor.nextSibling());
  return flag;
}

/**
 * The flags set off for the whole notebook: every binding of the name (as the scope analysis
 * reads them: assignments, loop targets, imports, ...) is a line `FLAG = False` in a cell that
 * ran; each with the index of the first cell that sets it. One pass over the cells for all the
 * flags asked.
 */
export function flagsSwitchedOff(
  cells: readonly LintCell[],
  flags: ReadonlySet<string>
): Map<string, number> {
  const bindings = new Map<string, number>();
  const offs = new Map<string, { first: number; count: number }>();
  if (flags.size === 0) return new Map();
  for (const lc of cells) {
    if (lc.cell.kind !== 'code') continue;
    for (const r of lc.analysis?.scope?.refs ?? []) {
      if (r.access === 'bind' && flags.has(r.name)) {
        bindings.set(r.name, (bindings.get(r.name) ?? 0) + 1);
      }
    }
    if (lc.cell.executionCount === null || !lc.cell.source.includes('False')) {
      continue;
    }
    for (const m of lc.cell.source.matchAll(SETS_FALSE)) {
      if (!flags.has(m[1])) continue;
      const known = offs.get(m[1]);
      offs.set(m[1], {
        first: known?.first ?? lc.cell.index,
        count: (known?.count ?? 0) + 1
      });
    }
  }
  const out = new Map<string, number>();
  for (const [flag, { first, count }] of offs) {
    if (bindings.get(flag) === count) out.set(flag, first);
  }
  return out;
}

/** `FLAG = False` on a line of its own, at a cell's top level */
const SETS_FALSE = /^([A-Za-z_]\w*)[ \t]*=[ \t]*False[ \t]*(?:#.*)?$/gm;
