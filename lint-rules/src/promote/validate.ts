/**
 * Step 1 of planPromotion: is the request one the planner can be sure of? The selection must be
 * existing, contiguous cells with code; the module path an importable path inside the project;
 * every selected cell Python that parses, with nothing the analysis cannot follow (`global`,
 * star imports, `%run`, `exec`: cellBody.ts finds those). Answers the context every later step
 * reads, or the refusal with each located reason.
 */
import { analyzeCell, analyzeNotebook } from '../python';
import type { CellAnalysis, CellScope } from '../python/types';
import { buildCellBody, type CellBody } from './cellBody';
import { showControlCharacters } from './controlCharacters';
import { pathNameRefusal } from './relativePath';
import { isIdentifier, moduleNameFromPath, normalisePath } from './naming';
import {
  isPythonCode,
  isRefusal,
  refusal,
  type NotebookAnalysis,
  type PlanContext
} from './planContext';
import type {
  PromotionRefusal,
  PromotionRefusalReason,
  PromotionRequest
} from './types';
import { refusalTexts, type PromoteTextRef } from './texts';

export function validateRequest(
  request: PromotionRequest,
  analysis?: NotebookAnalysis
): PlanContext | PromotionRefusal {
  const nb = request.notebook;
  const selected = [...new Set(request.cells)].sort((a, b) => a - b);
  const codeCells = checkSelection(request, selected);
  if (!Array.isArray(codeCells)) return codeCells;
  const path = checkModulePath(request);
  if (isRefusal(path)) return path;

  const { perCell, dataflow } = analysis ?? analyzeNotebook(nb);
  const analysisOf = (i: number): CellAnalysis =>
    perCell.get(i) ?? analyzeCell(nb.cells[i].source);
  const scopeOf = (i: number): CellScope => {
    const scope = analysisOf(i).scope;
    if (!scope) throw new Error(`cell ${i + 1} has no scope`);
    return scope;
  };

  const reasons = unsureCells(request, codeCells, analysisOf);
  if (reasons.length) return refusal(reasons);

  const lastCode = codeCells[codeCells.length - 1];
  const boundAnywhere = new Set<string>();
  const importedAnywhere = new Set<string>();
  for (const a of perCell.values()) {
    for (const n of a.scope?.bound ?? []) boundAnywhere.add(n);
    for (const i of a.scope?.imports ?? []) importedAnywhere.add(i.bound);
  }
  const bodies: CellBody[] = codeCells.map(i =>
    buildCellBody(i, nb.cells[i].source, analysisOf(i), i === lastCode, {
      cell: nb.cells[i],
      shadowed: n => boundAnywhere.has(n),
      imported: n => importedAnywhere.has(n)
    })
  );
  for (const b of bodies) reasons.push(...b.refusals);
  if (reasons.length) return refusal(reasons);

  const first = selected[0];
  const last = selected[selected.length - 1];
  const cellsBefore = nb.cells
    .slice(0, first)
    .filter(c => c.kind === 'code')
    .map(c => c.index);
  const cellsAfter = nb.cells
    .slice(last + 1)
    .filter(c => c.kind === 'code')
    .map(c => c.index);
  const definedBefore = (name: string): number | null => {
    for (let k = cellsBefore.length - 1; k >= 0; k--) {
      const s = analysisOf(cellsBefore[k]).scope;
      if (s && (s.bound.includes(name) || s.nestedGlobalWrites.includes(name)))
        return cellsBefore[k];
    }
    return null;
  };
  return {
    request,
    nb,
    selected,
    codeCells,
    first,
    last,
    lastCode,
    modulePath: path.modulePath,
    moduleName: path.moduleName,
    perCell,
    dataflow,
    bodies,
    cellsBefore,
    cellsAfter,
    analysisOf,
    scopeOf,
    definedBefore
  };
}

/** Far deeper than any metadata Jupyter or an extension writes. */
const MAX_METADATA_DEPTH = 100;

/** How deeply arrays and objects nest in `value`, counted without recursion (it may be very deep). */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The selected code cells, or why the selection cannot be promoted. */
export function checkSelection(
  request: PromotionRequest,
  selected: number[]
): number[] | PromotionRefusal {
  const nb = request.notebook;
  const bad = (message: PromoteTextRef, hint: PromoteTextRef, cell?: number) =>
    refusal([{ code: 'bad-selection', ...refusalTexts(message, hint), cell }]);

  if (!selected.length)
    return bad({ id: 'noCellsSelected' }, { id: 'noCellsSelectedHint' });
  for (const i of selected) {
    if (!Number.isInteger(i) || i < 0 || i >= nb.cells.length) {
      return bad(
        {
          id: 'noSuchCell',
          data: { cell: String(i + 1), count: String(nb.cells.length) }
        },
        { id: 'noSuchCellHint' }
      );
    }
  }
  for (let i = selected[0]; i <= selected[selected.length - 1]; i++) {
    if (
      !selected.includes(i) &&
      nb.cells[i].kind === 'code' &&
      nb.cells[i].source.trim()
    ) {
      return bad(
        { id: 'selectionGap', data: { cell: String(i + 1) } },
        { id: 'selectionGapHint', data: { cell: String(i + 1) } },
        i
      );
    }
  }
  for (const i of selected) {
    // the replacement cell carries the metadata over, written out again by a recursive writer
    if (nestingDepth(nb.cells[i].metadata) > MAX_METADATA_DEPTH)
      return bad(
        {
          id: 'deepMetadata',
          data: { cell: String(i + 1), depth: String(MAX_METADATA_DEPTH) }
        },
        { id: 'deepMetadataHint' },
        i
      );
  }
  const codeCells = selected.filter(i => nb.cells[i].kind === 'code');
  if (!codeCells.length)
    return bad({ id: 'noCodeCell' }, { id: 'noCodeCellHint' });
  return codeCells;
}

/** The module's normalised path and dotted name, or why it cannot be imported. */
export function checkModulePath(
  request: PromotionRequest
): { modulePath: string; moduleName: string } | PromotionRefusal {
  const modulePath = normalisePath(request.modulePath);
  const moduleName = request.moduleName ?? moduleNameFromPath(modulePath);
  const badName = pathNameRefusal(request.modulePath);
  if (badName) return refusal([{ code: 'bad-module-path', ...badName }]);
  const shown = showControlCharacters(request.modulePath);
  if (
    !moduleName ||
    !moduleName.split('.').every(isIdentifier) ||
    !modulePath.endsWith('.py')
  ) {
    return refusal([
      {
        code: 'bad-module-path',
        ...refusalTexts(
          { id: 'notAModulePath', data: { path: shown } },
          { id: 'notAModulePathHint' }
        )
      }
    ]);
  }
  if (modulePath.startsWith('/') || modulePath.split('/').includes('..')) {
    return refusal([
      {
        code: 'bad-module-path',
        ...refusalTexts(
          { id: 'moduleOutsideProject', data: { path: shown } },
          { id: 'moduleOutsideProjectHint' }
        )
      }
    ]);
  }
  return { modulePath, moduleName };
}

/** Cells the analysis cannot follow at all: not Python, or not parsing. */
function unsureCells(
  request: PromotionRequest,
  codeCells: number[],
  analysisOf: (i: number) => CellAnalysis
): PromotionRefusalReason[] {
  const reasons: PromotionRefusalReason[] = [];
  for (const i of codeCells) {
    const cell = request.notebook.cells[i];
    const a = analysisOf(i);
    if (!isPythonCode(cell) || a.parsed.masked.cellLanguage) {
      const lang = a.parsed.masked.cellLanguage ?? cell.language;
      reasons.push({
        code: 'not-python',
        ...refusalTexts(
          {
            id: 'cellNotPython',
            data: { cell: String(i + 1), language: lang }
          },
          { id: 'cellNotPythonHint' }
        ),
        cell: i,
        line: 0
      });
      continue;
    }
    if (!a.parsed.ok || !a.scope) {
      const e = a.parsed.syntaxError;
      reasons.push({
        code: 'syntax-error',
        ...refusalTexts(
          e
            ? {
                id: 'cellSyntaxError',
                data: { cell: String(i + 1), detail: e.message }
              }
            : { id: 'cellDoesNotParse', data: { cell: String(i + 1) } },
          { id: 'cellSyntaxErrorHint' }
        ),
        cell: i,
        line: e?.line
      });
    }
  }
  return reasons;
}
