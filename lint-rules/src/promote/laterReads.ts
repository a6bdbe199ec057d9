/**
 * Step 4 of planPromotion: the names code outside the selection may read after it ran. The
 * cells after it (until they rebind a name), the notebook's dataflow, the trailing IPython
 * commands, functions defined elsewhere (they read globals when called, possibly later), and,
 * when any other cell uses exec/eval/globals() or does not parse, every name the selection binds.
 */
import type { CellAnalysis } from '../python/types';
import type { KeptMagic } from './cellBody';
import { identifiersIn } from './notebookImports';
import { isPythonCode, type PlanContext } from './planContext';
import { messageTexts } from './texts';
import type { PromotionWarning } from './types';

export interface LaterReads {
  names: Set<string>;
  warnings: PromotionWarning[];
}

export function namesReadLater(
  ctx: Pick<
    PlanContext,
    'nb' | 'selected' | 'cellsAfter' | 'perCell' | 'dataflow' | 'analysisOf'
  >,
  selectionBinds: ReadonlySet<string>,
  trailing: KeptMagic[]
): LaterReads {
  const { nb, selected, perCell } = ctx;
  const warnings: PromotionWarning[] = [];
  const laterReads = new Set<string>();
  const killed = new Set<string>();
  for (const k of ctx.cellsAfter) {
    const cell = nb.cells[k];
    if (!isPythonCode(cell)) continue;
    const a = ctx.analysisOf(k);
    if (!a.scope) {
      if (cell.source.trim() && !a.parsed.masked.cellLanguage) {
        warnings.push({
          code: 'unparsed-later-cell',
          ...messageTexts({
            id: 'warnUnparsedLaterCell',
            data: { cell: String(k + 1) }
          }),
          cell: k
        });
        for (const n of selectionBinds) if (!killed.has(n)) laterReads.add(n);
      }
      continue;
    }
    for (const n of [
      ...a.scope.readsBeforeBind,
      ...a.scope.deletes,
      ...magicArgNames(a)
    ])
      if (!killed.has(n)) laterReads.add(n);
    const cond = new Set(a.scope.conditionallyBound);
    for (const n of a.scope.bound) if (!cond.has(n)) killed.add(n);
  }
  for (const n of ctx.dataflow.laterReads(selected)) laterReads.add(n);
  // exec/eval/globals() elsewhere (e.g. a helper that evals names given as strings) may read any
  // notebook name: then everything the selection binds stays available in the notebook
  const dynamic = [...perCell].find(
    ([k, a]) => !selected.includes(k) && a.scope?.usesExecEval
  );
  if (dynamic) {
    warnings.push({
      code: 'dynamic-access',
      ...messageTexts({
        id: 'warnDynamicAccess',
        data: { cell: String(dynamic[0] + 1) }
      }),
      cell: dynamic[0]
    });
    for (const n of selectionBinds) laterReads.add(n);
  }
  for (const m of trailing)
    for (const n of identifiersIn(m.text)) laterReads.add(n);
  // Functions defined outside the selection read globals when CALLED, possibly after it.
  for (const [k, a] of perCell) {
    if (selected.includes(k) || !a.scope) continue;
    for (const r of a.scope.refs)
      if (r.inFunction && r.access === 'read') laterReads.add(r.name);
  }
  return { names: laterReads, warnings };
}

/** Names IPython commands of a cell may read: `!echo {x}`, `%store x`; Python-bodied magics are analysed already. */
function magicArgNames(a: CellAnalysis): string[] {
  return a.parsed.masked.magics
    .filter(m => !m.bodyIsPython)
    .flatMap(m => identifiersIn(m.args));
}
