/**
 * Step 10 of planPromotion: what replaces the selection in the notebook. One call cell (the
 * kept magics, the function's import unless the notebook's import cell takes it, the imports
 * later cells still need, the call assigning the returned names, what the selection deleted,
 * the trailing magics, the displayed value), then the Markdown and raw cells that sat between
 * the selected code cells; and edits of the import cell.
 */
import type { DisplayedExpression } from './display';
import type { ImportSpec } from './imports';
import type { MagicPlacement } from './magicPlacement';
import {
  findImportCell,
  importCellEdits,
  pruneUnusedImports,
  renderKeptImports,
  type ImportUse
} from './notebookImports';
import { rangeOf, type PlanContext } from './planContext';
import type { CellEdit, ReplacementCell } from './types';

export interface Replacement {
  replacementCells: ReplacementCell[];
  cellEdits: CellEdit[];
  importCell: number | null;
  replacedCells: number[];
}

export interface CallShape {
  functionName: string;
  params: string[];
  returns: string[];
  keptImports: ImportSpec[];
  importUses: ImportUse[];
  display: DisplayedExpression | null;
  returnsDisplayed: boolean;
  resultName: string;
}

export function buildReplacement(
  ctx: Pick<
    PlanContext,
    | 'nb'
    | 'bodies'
    | 'scopeOf'
    | 'analysisOf'
    | 'first'
    | 'codeCells'
    | 'lastCode'
    | 'moduleName'
  >,
  magics: Pick<MagicPlacement, 'leading' | 'trailing' | 'cellWrappers'>,
  call: CallShape
): Replacement {
  const { nb, bodies, scopeOf, codeCells, lastCode } = ctx;
  const { functionName, params, returns, display, returnsDisplayed } = call;
  const importLine = `from ${ctx.moduleName} import ${functionName}`;
  const importCell = findImportCell(nb, ctx.first, ctx.analysisOf);
  const replacement: string[] = [];
  const lineWrapper = bodies
    .flatMap(b => b.wrappers)
    .find(w => w.kind === 'line');
  if (magics.cellWrappers.length) replacement.push(magics.cellWrappers[0].text);
  for (const m of magics.leading) replacement.push(m.text);
  if (importCell === null) replacement.push(importLine);
  for (const line of renderKeptImports(call.keptImports))
    replacement.push(line);
  const callText = `${functionName}(${params.join(', ')})`;
  const targets = returns.join(', ');
  const resultTargets =
    returnsDisplayed && returns.length
      ? `${targets}, ${call.resultName}`
      : targets;
  const deletedOutside = [
    ...new Set(
      bodies
        .flatMap(b => scopeOf(b.cell).deletes)
        .filter(n => params.includes(n) && !returns.includes(n))
    )
  ];
  const afterCall: string[] = [];
  if (deletedOutside.length) afterCall.push(`del ${deletedOutside.join(', ')}`);
  for (const m of magics.trailing) afterCall.push(m.text);
  const prefix = lineWrapper ? `${lineWrapper.text} ` : '';
  let displayLine: string | null = null;
  if (display) {
    const shown =
      display.simpleName ??
      (returns.length || afterCall.length ? call.resultName : null);
    if (shown)
      displayLine = display.viaDisplayCall ? `display(${shown})` : shown;
  }
  if (returnsDisplayed && !returns.length) {
    if (afterCall.length) {
      replacement.push(`${prefix}${call.resultName} = ${callText}`);
    } else if (display?.viaDisplayCall) {
      replacement.push(`${prefix}display(${callText})`);
      displayLine = null;
    } else {
      replacement.push(`${prefix}${callText}`);
    }
  } else if (resultTargets) {
    replacement.push(`${prefix}${resultTargets} = ${callText}`);
  } else {
    // nothing returned: the call's value is None, which Jupyter does not display
    replacement.push(`${prefix}${callText}`);
  }
  replacement.push(...afterCall);
  if (displayLine) replacement.push(displayLine);
  const cellEdits = importCellEdits(
    nb,
    importCell,
    importLine,
    pruneUnusedImports(
      nb,
      rangeOf(codeCells[0], lastCode),
      call.importUses,
      replacement.join('\n'),
      ctx.analysisOf
    )
  );

  const firstCell = nb.cells[codeCells[0]];
  // The call replaces the span from the first to the last selected code cell; Markdown or raw
  // cells inside that span are kept, after the call.
  const replacedCells = rangeOf(codeCells[0], lastCode);
  const replacementCells: ReplacementCell[] = [
    {
      kind: 'code',
      source: replacement.join('\n'),
      metadata: withoutPromoteTags(firstCell.metadata),
      id: firstCell.id
    }
  ];
  for (const i of replacedCells) {
    const c = nb.cells[i];
    if (c.kind !== 'code')
      replacementCells.push({
        kind: c.kind,
        source: c.source,
        metadata: c.metadata,
        id: c.id,
        keep: i
      });
  }
  return { replacementCells, cellEdits, importCell, replacedCells };
}

/** The first cell's metadata for the call cell, without `promote` / `promote:...` tags. */
export function withoutPromoteTags(
  cellMetadata: Record<string, unknown>
): Record<string, unknown> {
  const metadata = { ...cellMetadata };
  if (Array.isArray(metadata.tags)) {
    const tags = (metadata.tags as unknown[]).filter(
      t => typeof t !== 'string' || !/^promote(:|$)/.test(t)
    );
    if (tags.length) metadata.tags = tags;
    else delete metadata.tags;
  }
  return metadata;
}
